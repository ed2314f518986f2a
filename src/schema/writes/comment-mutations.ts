// Adding, editing and deleting comments (comments:write), as the caller's own
// Jira user, on issues within the token's projects, optionally restricted to
// a project role or a group. Every input is checked before Jira is called;
// the issue a write addresses is read fresh first (writableIssue), and a
// comment edited or deleted is read first and must be on that issue. The
// comment returned is the one Jira answered, mapped as the reads map one;
// the payload's issue is read afresh after the write.
import { requires } from '../../auth/field-scopes.ts';
import {
  addComment,
  type CommentWrite,
  deleteComment,
  type JiraCommentVisibility,
  readComment,
  updateComment,
} from '../../jira/comment-writes.ts';
import { type JiraJson, objOrNull, str, strOrNull } from '../../jira/json.ts';
import type { JiraWriter } from '../../jira/writer.ts';
import { builder } from '../builder.ts';
import { CommentRef, CommentVisibilityType } from '../issue/activity.ts';
import { selects } from '../issue/selection-plan.ts';
import {
  activityItemOf,
  assertOnIssue,
  checkItemId,
  deletedPayload,
  type ItemDeleted,
  type ItemWritten,
  itemCodec,
  itemPayload,
  loggedKey,
  richTextBody,
  withinRestriction,
} from './activity-item-write.ts';
import { idempotently } from './idempotent-mutation.ts';
import { FieldErrors } from './issue-fields-input.ts';
import { jiraWriterOf, type WriteRecord, writeToJira } from './jira-write.ts';
import { RichTextInput } from './rich-text-input.ts';
import { writableIssue } from './write-guard.ts';

const CommentVisibilityInput = builder.inputType('CommentVisibilityInput', {
  description:
    'Restricts a comment to the members of a project role of the issue (e.g. Developers) or of a group ' +
    '(e.g. jira-software-users). Jira refuses a role or group the caller is not in.',
  fields: (t) => ({
    type: t.field({ type: CommentVisibilityType, required: true }),
    value: t.string({ required: true, description: "The role's or the group's name." }),
  }),
});

const AddCommentInput = builder.inputType('AddCommentInput', {
  fields: (t) => ({
    clientMutationId: t.string({
      required: false,
      description:
        'An idempotency key: a retry within 24 h with the same key and input returns the first comment.',
    }),
    key: t.string({ required: true, description: "The issue's key." }),
    body: t.field({ type: RichTextInput, required: true }),
    visibility: t.field({
      type: CommentVisibilityInput,
      required: false,
      description: 'Left out or null: everyone who sees the issue sees the comment.',
    }),
  }),
});

const UpdateCommentInput = builder.inputType('UpdateCommentInput', {
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true, description: "The issue's key." }),
    id: t.id({ required: true, description: "The comment's id." }),
    body: t.field({
      type: RichTextInput,
      required: false,
      description: 'The new body; left out, it is unchanged.',
    }),
    visibility: t.field({
      type: CommentVisibilityInput,
      required: false,
      description: 'The new restriction; left out, it is unchanged; null removes it.',
    }),
  }),
});

const DeleteCommentInput = builder.inputType('DeleteCommentInput', {
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true, description: "The issue's key." }),
    id: t.id({ required: true, description: "The comment's id." }),
  }),
});

const commentPayload = (name: string, description: string) =>
  itemPayload({
    name,
    description,
    itemField: 'comment',
    itemRef: CommentRef,
    itemDescription: 'The comment as Jira answered the write.',
    readScope: 'comments:read',
  });

const AddCommentPayload = commentPayload('AddCommentPayload', 'The comment added, and its issue.');
const UpdateCommentPayload = commentPayload('UpdateCommentPayload', 'The comment edited, and its issue.');
const DeleteCommentPayload = deletedPayload({
  name: 'DeleteCommentPayload',
  description: 'The comment deleted, and its issue.',
  idField: 'deletedCommentId',
  what: 'comment',
});

type VisibilityValue = { type: 'role' | 'group'; value: string } | null | undefined;

/** The visibility Jira takes (undefined: none), or a field error when the role or group is not named. */
function visibilityOf(value: VisibilityValue, errors: FieldErrors): JiraCommentVisibility | undefined {
  if (value == null) return undefined;
  const name = value.value.trim();
  if (name === '') errors.add('visibility', `Name the ${value.type} the comment is restricted to.`);
  return { type: value.type, value: name };
}

/** Jira's visibility of a comment as read, sent back unchanged on an edit that leaves it. */
function currentVisibility(comment: JiraJson): JiraCommentVisibility | undefined {
  const v = objOrNull(comment.visibility);
  if (!v || (v.type !== 'role' && v.type !== 'group')) return undefined;
  const value = strOrNull(v.value);
  const identifier = strOrNull(v.identifier);
  return {
    type: v.type,
    ...(value !== null ? { value } : {}),
    ...(identifier !== null ? { identifier } : {}),
  };
}

/** The body's HTML is asked of Jira only when the payload selects it. */
const wantsHtml = (info: Parameters<typeof selects>[0]): boolean =>
  selects(info, ['comment', 'body', 'html']);

/**
 * The comment as the flavour's reads show it: a Cloud write of wiki markup
 * went through /rest/api/2, whose answer holds wiki, so it is read again
 * through /rest/api/3, where a later read would find ADF.
 */
async function asRead(
  jira: JiraWriter,
  issueKey: string,
  answered: JiraJson,
  viaV2: boolean,
  rendered: boolean,
): Promise<JiraJson> {
  return viaV2 ? readComment(jira, issueKey, str(answered.id), { rendered }) : answered;
}

const writeScope = requires('comments:write');

builder.mutationFields((t) => ({
  addComment: t.field({
    type: AddCommentPayload,
    description:
      "Adds a comment to an issue as the caller's Jira user, optionally restricted to a role or group. " +
      'clientMutationId (or an Idempotency-Key header) makes a retry within 24 h return the first comment ' +
      'instead of adding another.',
    extensions: writeScope,
    args: { input: t.arg({ type: AddCommentInput, required: true }) },
    resolve: async (_root, { input }, ctx, info) => {
      const errors = new FieldErrors();
      const jira = jiraWriterOf(ctx);
      const { body, apiPrefix } = richTextBody(jira.flavor, 'body', input.body, errors);
      const visibility = visibilityOf(input.visibility, errors);
      errors.throwIfAny();
      const rendered = wantsHtml(info);
      const clientMutationId = input.clientMutationId ?? null;
      const written = await idempotently(
        ctx,
        info,
        input,
        () => {
          const record: WriteRecord = { operation: 'addComment', issueKey: loggedKey(input.key) };
          return writeToJira(ctx, record, async (writer): Promise<ItemWritten> => {
            const target = await writableIssue(ctx, writer, input.key);
            record.issueKey = target.key;
            const write: CommentWrite = { body, ...(visibility ? { visibility } : {}) };
            const made = await addComment(writer, target.key, write, { apiPrefix, rendered });
            record.itemId = str(made.id);
            const comment = await asRead(writer, target.key, made, apiPrefix !== undefined, rendered);
            return {
              clientMutationId,
              issueKey: target.key,
              projectKey: target.projectKey,
              item: activityItemOf(comment),
            };
          });
        },
        itemCodec(clientMutationId),
      );
      return withinRestriction(ctx, written);
    },
  }),

  updateComment: t.field({
    type: UpdateCommentPayload,
    description:
      'Edits a comment: its body, its restriction, or both (what is left out stays). Jira lets the author edit ' +
      'their own comments and project administrators anyone’s. Naturally idempotent: the same edit twice ' +
      'leaves the same comment.',
    extensions: writeScope,
    args: { input: t.arg({ type: UpdateCommentInput, required: true }) },
    resolve: async (_root, { input }, ctx, info) => {
      const errors = new FieldErrors();
      const jira = jiraWriterOf(ctx);
      const id = checkItemId(input.id, 'comment', errors);
      const converted = input.body ? richTextBody(jira.flavor, 'body', input.body, errors) : null;
      const visibility = input.visibility === undefined ? undefined : visibilityOf(input.visibility, errors);
      if (!input.body && input.visibility === undefined) {
        errors.add('body', 'Nothing to change: give a body, a visibility, or both.');
      }
      errors.throwIfAny();
      const rendered = wantsHtml(info);
      const record: WriteRecord = { operation: 'updateComment', issueKey: loggedKey(input.key), itemId: id };
      return writeToJira(ctx, record, async (writer): Promise<ItemWritten> => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        const current = await readComment(writer, target.key, id);
        assertOnIssue(current, target, 'comment', id);
        // Jira's edit replaces both body and visibility: what the caller left out is sent back as it is.
        const kept = input.visibility === undefined ? currentVisibility(current) : visibility;
        const write: CommentWrite = {
          body: converted?.body ?? current.body,
          ...(kept ? { visibility: kept } : {}),
        };
        const apiPrefix = converted?.apiPrefix;
        const edited = await updateComment(writer, target.key, id, write, { apiPrefix, rendered });
        const comment = await asRead(writer, target.key, edited, apiPrefix !== undefined, rendered);
        return {
          clientMutationId: input.clientMutationId ?? null,
          issueKey: target.key,
          projectKey: target.projectKey,
          item: activityItemOf(comment),
        };
      });
    },
  }),

  deleteComment: t.field({
    type: DeleteCommentPayload,
    description:
      'Deletes a comment. Jira lets the author delete their own comments and project administrators anyone’s. ' +
      'Naturally idempotent in effect: deleting it again answers NOT_FOUND and changes nothing.',
    extensions: writeScope,
    args: { input: t.arg({ type: DeleteCommentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const errors = new FieldErrors();
      const id = checkItemId(input.id, 'comment', errors);
      errors.throwIfAny();
      const record: WriteRecord = { operation: 'deleteComment', issueKey: loggedKey(input.key), itemId: id };
      return writeToJira(ctx, record, async (writer): Promise<ItemDeleted> => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        assertOnIssue(await readComment(writer, target.key, id), target, 'comment', id);
        await deleteComment(writer, target.key, id);
        return { clientMutationId: input.clientMutationId ?? null, issueKey: target.key, id };
      });
    },
  }),
}));
