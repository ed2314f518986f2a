// Creating, editing, transitioning and assigning issues (issues:write), as
// the caller's own Jira user, within the token's projects. Each payload's
// issue is read afresh after the write (the write dropped the caller's
// cached reads) through the same per-field rules as Query.issue.
import type { GraphQLResolveInfo } from 'graphql';
import { authenticated, requires } from '../../auth/field-scopes.ts';
import { gatewayError } from '../../errors.ts';
import { projectOfKey } from '../../jira/issue-reads.ts';
import {
  assignIssue,
  createIssue,
  editIssue,
  type IssueEdit,
  type OfferedTransition,
  offeredTransitions,
  transitionIssue,
} from '../../jira/issue-writes.ts';
import { type JiraJson, str, strOrNull } from '../../jira/json.ts';
import { jiraUserReference } from '../../jira/user-reference.ts';
import type { GatewayContext } from '../../request-context.ts';
import { builder } from '../builder.ts';
import { loadIssue } from '../issue/loader.ts';
import { issuePlan } from '../issue/selection-plan.ts';
import { outsideRestriction } from '../project-restriction.ts';
import { IssueRef } from '../refs.ts';
import { idempotently } from './idempotent-mutation.ts';
import {
  CreateIssueInput,
  checkLabels,
  FieldErrors,
  IssueFieldsInput,
  type IssueFieldValues,
  jiraIssueFields,
} from './issue-fields-input.ts';
import { jiraWriterOf, writeToJira } from './jira-write.ts';
import { RichTextInput } from './rich-text-input.ts';
import { assertCreatableIn, assertLinkable, noteCreatedKey, writableIssue } from './write-guard.ts';

/** What an issue mutation answers: the issue's key, read afresh by the payload. */
interface IssueWritten {
  clientMutationId: string | null;
  key: string;
  /** Jira's id of the issue, when the write learnt it. */
  id?: string;
  transition?: OfferedTransition;
}

/**
 * The payload's issue: read afresh, unless the selection needs nothing the
 * write did not already learn (its id and key), which spares a Jira call per
 * write for scripts that only want the key. Within the token's projects only.
 */
async function issueOf(
  r: IssueWritten,
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<JiraJson | null> {
  const plan = issuePlan(info);
  if (r.id && plan.fields.length === 0 && plan.expand.length === 0) {
    return outsideRestriction(ctx, projectOfKey(r.key)) ? null : { id: r.id, key: r.key, fields: {} };
  }
  return loadIssue(ctx, r.key, plan);
}

function issuePayload(name: string, description: string) {
  return builder.objectRef<IssueWritten>(name).implement({
    description,
    fields: (t) => ({
      clientMutationId: t.string({
        nullable: true,
        extensions: authenticated(),
        resolve: (r) => r.clientMutationId,
      }),
      issue: t.field({
        type: IssueRef,
        nullable: true,
        description:
          'The issue after the write, as the caller now sees it (null when the token may not see it).',
        extensions: requires('issues:read'),
        resolve: (r, _args, ctx, info) => issueOf(r, ctx, info),
      }),
    }),
  });
}

const CreateIssuePayload = issuePayload('CreateIssuePayload', 'The issue created.');
const UpdateIssuePayload = issuePayload('UpdateIssuePayload', 'The issue edited.');
const AssignIssuePayload = issuePayload('AssignIssuePayload', 'The issue assigned.');

const TransitionTakenRef = builder.objectRef<OfferedTransition>('TransitionTaken').implement({
  description: 'The workflow transition a transitionIssue took.',
  fields: (t) => ({
    id: t.string({ extensions: requires('issues:read'), resolve: (x) => x.id }),
    name: t.string({ extensions: requires('issues:read'), resolve: (x) => x.name }),
    toStatus: t.string({ extensions: requires('issues:read'), resolve: (x) => x.toName }),
  }),
});

const TransitionIssuePayload = builder.objectRef<IssueWritten>('TransitionIssuePayload').implement({
  description: 'The issue after its transition.',
  fields: (t) => ({
    clientMutationId: t.string({
      nullable: true,
      extensions: authenticated(),
      resolve: (r) => r.clientMutationId,
    }),
    transition: t.field({
      type: TransitionTakenRef,
      extensions: requires('issues:read'),
      resolve: (r) => r.transition as OfferedTransition,
    }),
    issue: t.field({
      type: IssueRef,
      nullable: true,
      description:
        'The issue after the write, as the caller now sees it (null when the token may not see it).',
      extensions: requires('issues:read'),
      resolve: (r, _args, ctx, info) => issueOf(r, ctx, info),
    }),
  }),
});

const UpdateIssueInput = builder.inputType('UpdateIssueInput', {
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true }),
    set: t.field({ type: IssueFieldsInput, required: false }),
    addLabels: t.stringList({ required: false }),
    removeLabels: t.stringList({ required: false }),
  }),
});

const TransitionIssueInput = builder.inputType('TransitionIssueInput', {
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true }),
    to: t.string({
      required: true,
      description:
        "A transition's id, its name, or the name of the status it leads to (case does not matter).",
    }),
    resolution: t.string({
      required: false,
      description: 'A resolution name (or id), for a transition into Done.',
    }),
    comment: t.field({ type: RichTextInput, required: false }),
    fields: t.field({
      type: IssueFieldsInput,
      required: false,
      description: "Fields the transition's screen sets.",
    }),
  }),
});

const AssignIssueInput = builder.inputType('AssignIssueInput', {
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true }),
    assignee: t.string({
      required: false,
      description: 'accountId on Cloud; username or user key on Data Center. null (or left out) unassigns.',
    }),
  }),
});

const writeScope = requires('issues:write');

/** The one transition `to` names among those offered, or BAD_USER_INPUT listing them. */
export function pickTransition(
  offered: readonly OfferedTransition[],
  to: string,
  key: string,
): OfferedTransition {
  const wanted = to.trim().toLowerCase();
  const byId = offered.filter((t) => t.id === to.trim());
  const byName = offered.filter((t) => t.name.toLowerCase() === wanted);
  const byStatus = offered.filter((t) => t.toName.toLowerCase() === wanted);
  const matches = byId.length > 0 ? byId : byName.length > 0 ? byName : byStatus;
  const listed = offered.map((t) => ({ id: t.id, name: t.name, toStatus: t.toName }));
  const words = offered.map((t) => `${t.name} (id ${t.id}, to ${t.toName})`).join(', ') || 'none';
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw gatewayError(
      'BAD_USER_INPUT',
      `'${to}' matches several transitions of ${key}; name one by id. Offered: ${words}.`,
      { transitions: listed },
    );
  }
  throw gatewayError(
    'BAD_USER_INPUT',
    `No transition of ${key} leads to '${to}' for this user now. Offered: ${words}.`,
    {
      transitions: listed,
    },
  );
}

builder.mutationFields((t) => ({
  createIssue: t.field({
    type: CreateIssuePayload,
    description:
      "Creates an issue as the caller's Jira user, in a project the token may write to. clientMutationId (or an " +
      'Idempotency-Key header) makes a retry within 24 h return the first issue instead of creating another.',
    extensions: writeScope,
    args: { input: t.arg({ type: CreateIssueInput, required: true }) },
    resolve: (_root, { input }, ctx, info) => {
      const projectKey = input.projectKey.trim().toUpperCase();
      // Before the idempotent replay too: a replay must not hand another token the first answer.
      assertCreatableIn(ctx, projectKey);
      return idempotently(
        ctx,
        info,
        input,
        async (): Promise<IssueWritten> => {
          const errors = new FieldErrors();
          if (projectKey === '') errors.add('project', 'A project key is required.');
          if (input.issueType.trim() === '') errors.add('issuetype', 'An issue type is required.');
          errors.throwIfAny();
          const jira = jiraWriterOf(ctx);
          const plan = await jiraIssueFields(ctx, jira.flavor, input as IssueFieldValues, errors);
          const issueType = input.issueType.trim();
          const record = { operation: 'createIssue', issueKey: null as string | null };
          const created = await writeToJira(ctx, record, async (writer) => {
            await assertLinkable(ctx, writer, plan.linkedIssueKeys);
            const fields = {
              ...plan.fields,
              project: { key: projectKey },
              issuetype: /^\d+$/.test(issueType) ? { id: issueType } : { name: issueType },
            };
            const made = await createIssue(writer, { fields }, plan.apiPrefix);
            record.issueKey = made.key;
            return made;
          });
          noteCreatedKey(ctx, projectKey, created.key);
          return { clientMutationId: input.clientMutationId ?? null, key: created.key, id: created.id };
        },
        {
          encode: (r) => ({ key: r.key, id: r.id }),
          decode: (json) => ({
            clientMutationId: input.clientMutationId ?? null,
            key: str((json as JiraJson).key),
            ...(strOrNull((json as JiraJson).id) ? { id: str((json as JiraJson).id) } : {}),
          }),
        },
      );
    },
  }),

  updateIssue: t.field({
    type: UpdateIssuePayload,
    description:
      'Edits an issue: `set` replaces the fields it names (null clears one), addLabels and removeLabels change ' +
      'labels without replacing them.',
    extensions: writeScope,
    args: { input: t.arg({ type: UpdateIssueInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const errors = new FieldErrors();
      const set = (input.set ?? {}) as IssueFieldValues;
      const add = checkLabels('addLabels', input.addLabels ?? [], errors);
      const remove = checkLabels('removeLabels', input.removeLabels ?? [], errors);
      if (set.labels !== undefined && add.length + remove.length > 0)
        errors.add('labels', 'Set labels, or add and remove them, not both.');
      const jira = jiraWriterOf(ctx);
      const plan = await jiraIssueFields(ctx, jira.flavor, set, errors);
      const edit: IssueEdit = { fields: plan.fields };
      if (add.length + remove.length > 0)
        edit.update = { labels: [...add.map((l) => ({ add: l })), ...remove.map((l) => ({ remove: l }))] };
      if (Object.keys(plan.fields).length === 0 && !edit.update)
        throw gatewayError('BAD_USER_INPUT', 'Nothing to change: give `set`, addLabels or removeLabels.');
      const record = { operation: 'updateIssue', issueKey: input.key.trim().toUpperCase() };
      const written = await writeToJira(ctx, record, async (writer) => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        await assertLinkable(ctx, writer, plan.linkedIssueKeys);
        await editIssue(writer, target.key, edit, plan.apiPrefix);
        return target;
      });
      return { clientMutationId: input.clientMutationId ?? null, key: written.key, id: written.id };
    },
  }),

  transitionIssue: t.field({
    type: TransitionIssuePayload,
    description:
      "Moves an issue along its workflow. `to` is a transition's id or name, or the status it leads to; when it " +
      'names none or several of the transitions offered, the answer is BAD_USER_INPUT listing them ' +
      '(extensions.transitions).',
    extensions: writeScope,
    args: { input: t.arg({ type: TransitionIssueInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (input.to.trim() === '')
        throw gatewayError('BAD_USER_INPUT', '`to` must name a transition or a status.');
      const errors = new FieldErrors();
      const jira = jiraWriterOf(ctx);
      const comment = input.comment ? [{ field: 'comment', source: input.comment }] : [];
      const plan = await jiraIssueFields(
        ctx,
        jira.flavor,
        (input.fields ?? {}) as IssueFieldValues,
        errors,
        comment,
      );
      const edit: IssueEdit = { fields: { ...plan.fields } };
      if (input.resolution != null) {
        const r = input.resolution.trim();
        (edit.fields as Record<string, unknown>).resolution = /^\d+$/.test(r) ? { id: r } : { name: r };
      }
      const body = plan.bodies.get('comment');
      if (body !== undefined) edit.update = { comment: [{ add: { body } }] };
      if (Object.keys(edit.fields ?? {}).length === 0) delete edit.fields;
      const record = { operation: 'transitionIssue', issueKey: input.key.trim().toUpperCase() };
      return writeToJira(ctx, record, async (writer) => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        await assertLinkable(ctx, writer, plan.linkedIssueKeys);
        const transition = pickTransition(await offeredTransitions(writer, target.key), input.to, target.key);
        await transitionIssue(writer, target.key, transition.id, edit, plan.apiPrefix);
        return {
          clientMutationId: input.clientMutationId ?? null,
          key: target.key,
          id: target.id,
          transition,
        };
      });
    },
  }),

  assignIssue: t.field({
    type: AssignIssuePayload,
    description:
      'Assigns an issue to a user (accountId on Cloud; username or user key on Data Center), or unassigns it.',
    extensions: writeScope,
    args: { input: t.arg({ type: AssignIssueInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // Only null unassigns: an empty name is a mistake, not a wish to unassign.
      if (input.assignee?.trim() === '') {
        const errors = new FieldErrors();
        errors.add('assignee', 'Name a user, or send null to unassign.');
        errors.throwIfAny();
      }
      const assignee = input.assignee?.trim() || null;
      const record = { operation: 'assignIssue', issueKey: input.key.trim().toUpperCase() };
      const written = await writeToJira(ctx, record, async (writer) => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        await assignIssue(writer, target.key, jiraUserReference(writer.flavor, assignee));
        return target;
      });
      return { clientMutationId: input.clientMutationId ?? null, key: written.key, id: written.id };
    },
  }),
}));
