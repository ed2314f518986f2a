// What the comment and worklog mutations share: the checks of a comment or
// worklog id and of a rich-text body before anything is sent; that an item
// edited or deleted is on the issue named (whose project was checked); the
// item Jira answered as the reads map it (ActivityItem); the payload types
// (the item, or the id deleted, and the issue read afresh); and the
// restriction check a replayed creation gets, since a replay calls no Jira.
import type { ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { authenticated, requires } from '../../auth/field-scopes.ts';
import type { Scope } from '../../auth/scopes.ts';
import { gatewayError } from '../../errors.ts';
import type { IssueTarget } from '../../jira/issue-writes.ts';
import { type JiraJson, obj, strOrNull } from '../../jira/json.ts';
import type { AdfDocument } from '../../jira/markup/rich-text-body.ts';
import type { JiraFlavor } from '../../jira/types.ts';
import type { GatewayContext } from '../../request-context.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import type { ActivityItem } from '../issue/activity-source.ts';
import { loadIssue } from '../issue/loader.ts';
import { issuePlan } from '../issue/selection-plan.ts';
import { outsideRestriction } from '../project-restriction.ts';
import { IssueRef } from '../refs.ts';
import { adfText } from '../rich-text.ts';
import type { FieldErrors } from './issue-fields-input.ts';
import { convertRichTexts, type RichTextValue } from './rich-text-input.ts';

/** A comment or worklog written: the issue it is on and the item as Jira answered it. */
export interface ItemWritten {
  clientMutationId: string | null;
  issueKey: string;
  /** The issue's project when written: a replay is checked against the token's projects with it. */
  projectKey: string;
  item: ActivityItem;
}

/** A comment or worklog deleted. */
export interface ItemDeleted {
  clientMutationId: string | null;
  issueKey: string;
  id: string;
}

/** Jira's comment and worklog ids are numbers; anything else would only reach Jira to be refused. */
export function checkItemId(id: string, what: 'comment' | 'worklog', errors: FieldErrors): string {
  const trimmed = id.trim();
  if (!/^\d{1,18}$/.test(trimmed)) errors.add('id', `A ${what} id is a number, e.g. 10042.`);
  return trimmed;
}

/** The issue key as the log names it before Jira says (the fresh read gives the real one). */
export const loggedKey = (key: string): string => key.trim().toUpperCase();

/** ADF nodes that show nothing but their text; any other (a mention, an image, a rule) shows something. */
const TEXT_ONLY_NODES = new Set(['doc', 'paragraph', 'text', 'hardBreak']);

function adfShowsMoreThanText(node: unknown): boolean {
  const n = obj(node);
  if (typeof n.type === 'string' && !TEXT_ONLY_NODES.has(n.type)) return true;
  return Array.isArray(n.content) && n.content.some(adfShowsMoreThanText);
}

/** Whether a converted body would show nothing: Jira refuses an empty comment, and a blank note is a mistake. */
function blank(body: string | AdfDocument | undefined): boolean {
  if (body === undefined) return true;
  if (typeof body === 'string') return body.trim() === '';
  return adfText(body) === '' && !adfShowsMoreThanText(body);
}

/**
 * One rich text of a write, converted for the flavour (BAD_USER_INPUT naming
 * `field` when it cannot be, or when it is blank), and the REST prefix that
 * takes it (Cloud's /rest/api/2 for wiki markup).
 */
export function richTextBody(
  flavor: JiraFlavor,
  field: string,
  source: RichTextValue,
  errors: FieldErrors,
): { body: string | AdfDocument | undefined; apiPrefix: '/rest/api/2' | undefined } {
  const converted = convertRichTexts(flavor, [{ field, source }]);
  const body = converted.bodies.get(field);
  if (blank(body)) errors.add(field, 'The text must not be empty.');
  return { body, apiPrefix: converted.apiPrefix };
}

/** The issue Jira says a comment or worklog is on: a worklog's issueId, else its self link's issue. */
function itemIssue(json: JiraJson): string | null {
  const issueId = strOrNull(json.issueId);
  if (issueId !== null) return issueId;
  const self = strOrNull(json.self);
  return (self && /\/issue\/([^/?#]+)\/(?:comment|worklog)\/[^/?#]+$/.exec(self)?.[1]) || null;
}

/**
 * An edit or delete names the issue and the item's id; the token's project
 * restriction was checked on the issue. The item, read first, must be on
 * that issue, else an id from an issue outside the token's projects could
 * be reached through one inside them, were Jira ever to act on an id under
 * another issue's path. Defence in depth, as the project guard is for reads.
 */
export function assertOnIssue(
  json: JiraJson,
  target: IssueTarget,
  what: 'comment' | 'worklog',
  id: string,
): void {
  const on = itemIssue(json);
  if (on === null || on === target.id || on.toUpperCase() === target.key) return;
  throw gatewayError('NOT_FOUND', `Issue ${target.key} has no ${what} ${id}, or this token may not see it.`);
}

/** The comment or worklog Jira answered, as the reads map one (its HTML when Jira rendered it). */
export function activityItemOf(json: JiraJson): ActivityItem {
  return { raw: json, html: strOrNull(json.renderedBody) };
}

/**
 * A replayed creation ran no Jira call, so the token's projects are checked
 * here: another token of the same identity, restricted to other projects,
 * must not learn of the first request's comment by replaying its key.
 */
export function withinRestriction(ctx: GatewayContext, written: ItemWritten): ItemWritten {
  if (!outsideRestriction(ctx, written.projectKey)) return written;
  throw gatewayError('NOT_FOUND', `Issue ${written.issueKey} does not exist, or this token may not see it.`);
}

/** How a created item is stored for replays (clientMutationId comes from the retry's own input). */
export function itemCodec(clientMutationId: string | null) {
  return {
    encode: (r: ItemWritten): unknown => ({
      issueKey: r.issueKey,
      projectKey: r.projectKey,
      raw: r.item.raw,
      html: r.item.html,
    }),
    decode: (json: unknown): ItemWritten => {
      const stored = obj(json);
      return {
        clientMutationId,
        issueKey: String(stored.issueKey),
        projectKey: String(stored.projectKey),
        item: { raw: obj(stored.raw), html: strOrNull(stored.html) },
      };
    },
  };
}

/** The issue afresh after the write, through the same per-field rules as Query.issue. */
function issueAfter(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, { issueKey: string }>) {
  return t.field({
    type: IssueRef,
    nullable: true,
    description: 'The issue after the write, as the caller now sees it (null when the token may not see it).',
    extensions: requires('issues:read'),
    resolve: (r, _args, ctx, info: GraphQLResolveInfo) => loadIssue(ctx, r.issueKey, issuePlan(info)),
  });
}

const clientMutationId = (
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, { clientMutationId: string | null }>,
) => t.string({ nullable: true, extensions: authenticated(), resolve: (r) => r.clientMutationId });

/** A payload holding the comment or worklog Jira answered (under `itemField`) and the issue. */
export function itemPayload(options: {
  name: string;
  description: string;
  itemField: 'comment' | 'worklog';
  itemRef: ObjectRef<BuilderTypes, ActivityItem>;
  itemDescription: string;
  readScope: Scope;
}) {
  return builder.objectRef<ItemWritten>(options.name).implement({
    description: options.description,
    fields: (t) => ({
      clientMutationId: clientMutationId(t),
      [options.itemField]: t.field({
        type: options.itemRef,
        description: options.itemDescription,
        extensions: requires(options.readScope),
        resolve: (r) => r.item,
      }),
      issue: issueAfter(t),
    }),
  });
}

/** A payload naming the comment or worklog deleted (under `idField`) and the issue. */
export function deletedPayload(options: {
  name: string;
  description: string;
  idField: string;
  what: string;
}) {
  return builder.objectRef<ItemDeleted>(options.name).implement({
    description: options.description,
    fields: (t) => ({
      clientMutationId: clientMutationId(t),
      [options.idField]: t.id({
        description: `The id of the ${options.what} deleted.`,
        extensions: authenticated(),
        resolve: (r) => r.id,
      }),
      issue: issueAfter(t),
    }),
  });
}
