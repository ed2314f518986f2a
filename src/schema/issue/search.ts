// Query.issues: a JQL search as a forward Relay connection whose cursors carry
// Jira's own paging: an offset (startAt) on Data Center, the nextPageToken of
// the page plus a position inside it on Cloud. Each page of `first` issues is
// one Jira request asking for exactly the fields the selection needs; a
// cursor is bound to the JQL it came from, so it cannot page another query.
import { createHash } from 'node:crypto';
import { authenticated, requires } from '../../auth/field-scopes.ts';
import { gatewayError } from '../../errors.ts';
import { approximateCount, searchPage } from '../../jira/issue-reads.ts';
import type { JiraJson } from '../../jira/json.ts';
import type { JiraFlavor } from '../../jira/types.ts';
import { builder } from '../builder.ts';
import { pageRequest } from '../connections.ts';
import { callJira } from '../jira-call.ts';
import { callerJql, projectRestriction, restrictedSearch } from '../project-restriction.ts';
import { IssueRef } from '../refs.ts';
import { issuePlan } from './selection-plan.ts';

/** Cloud's /search/jql serves at most this many full issues per page. */
const CLOUD_PAGE_CAP = 100;

// ---------------------------------------------------------------- cursors

/** Where the next page starts: Data Center's offset, or Cloud's page token and how far into that page. */
type Position =
  | { kind: 'datacenter'; startAt: number }
  | { kind: 'cloud'; token: string | null; skip: number };

interface CursorJson {
  /** The query's fingerprint. */
  q: string;
  /** Data Center: startAt. */
  s?: number;
  /** Cloud: the page token (null: the first page) and the issues to skip on it. */
  t?: string | null;
  o?: number;
}

/** Binds cursors to the flavour and the JQL as sent to Jira (project restriction included). */
function fingerprint(flavor: JiraFlavor, jql: string): string {
  return createHash('sha256').update(`${flavor}\n${jql}`).digest('base64url').slice(0, 16);
}

function encodeCursor(q: string, position: Position): string {
  const json: CursorJson =
    position.kind === 'datacenter' ? { q, s: position.startAt } : { q, t: position.token, o: position.skip };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

function decodeCursor(cursor: string, q: string, flavor: JiraFlavor): Position {
  let json: CursorJson | null = null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) json = parsed as CursorJson;
  } catch {
    // reported below
  }
  if (json === null || typeof json.q !== 'string') {
    throw gatewayError('BAD_USER_INPUT', '`after` is not a cursor of an issues connection.');
  }
  if (json.q !== q) {
    throw gatewayError('BAD_USER_INPUT', '`after` is a cursor of another query: page with the same jql.');
  }
  const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (flavor === 'datacenter' && count(json.s)) return { kind: 'datacenter', startAt: json.s };
  if (flavor === 'cloud' && count(json.o) && (json.t === null || typeof json.t === 'string')) {
    return { kind: 'cloud', token: json.t, skip: json.o };
  }
  throw gatewayError('BAD_USER_INPUT', '`after` is not a cursor of an issues connection.');
}

// ---------------------------------------------------------------- the connection

interface IssueEdgeShape {
  node: JiraJson;
  /** The query's fingerprint and the position after this node: the cursor, encoded only if selected. */
  q: string;
  after: Position;
}

interface IssueConnectionShape {
  edges: IssueEdgeShape[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  /** Data Center's total; null on Cloud. */
  total: number | null;
  /** The JQL as sent to Jira, for Cloud's count. */
  jql: string;
}

const IssueEdgeRef = builder.objectRef<IssueEdgeShape>('IssueEdge').implement({
  fields: (t) => ({
    cursor: t.string({ extensions: authenticated(), resolve: (e) => encodeCursor(e.q, e.after) }),
    node: t.field({ type: IssueRef, extensions: authenticated(), resolve: (e) => e.node }),
  }),
});

const IssueConnectionRef = builder.objectRef<IssueConnectionShape>('IssueConnection').implement({
  description: 'One page of a JQL search, in Jira’s order.',
  fields: (t) => ({
    edges: t.field({ type: [IssueEdgeRef], extensions: authenticated(), resolve: (c) => c.edges }),
    nodes: t.field({
      type: [IssueRef],
      description: 'The issues of the edges, for clients that need no cursors.',
      extensions: authenticated(),
      resolve: (c) => c.edges.map((e) => e.node),
    }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      extensions: authenticated(),
      resolve: (c) => c.pageInfo,
    }),
    totalCount: t.int({
      nullable: true,
      description:
        'How many issues the JQL matches. Data Center reports it with every page (no extra request); ' +
        'on Cloud, selecting it costs one more Jira request (POST /search/approximate-count), and ' +
        'Jira calls that count approximate: issues changed in the last moments may not be counted yet.',
      extensions: authenticated(),
      resolve: (c, _args, ctx) =>
        c.total !== null ? c.total : callJira(ctx, (jira) => approximateCount(jira, c.jql)),
    }),
  }),
});

builder.queryField('issues', (t) =>
  t.field({
    type: IssueConnectionRef,
    description:
      'Issues a JQL query finds, in Jira’s order (use ORDER BY), `first` (1 to 100, default 20) at a time. ' +
      'Jira may answer fewer than `first` (an admin cap on Data Center); page on with pageInfo.endCursor.',
    extensions: requires('issues:read'),
    args: {
      jql: t.arg.string({ required: true }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx, info) => {
      const { first } = pageRequest(args);
      const jql = callerJql(ctx, args.jql);
      const projects = projectRestriction(ctx);
      const flavor = ctx.services.jira.flavor;
      const q = fingerprint(flavor, jql);
      const position: Position =
        args.after === null || args.after === undefined || args.after === ''
          ? flavor === 'datacenter'
            ? { kind: 'datacenter', startAt: 0 }
            : { kind: 'cloud', token: null, skip: 0 }
          : decodeCursor(args.after, q, flavor);
      const plan = issuePlan(info, [['edges', 'node'], ['nodes']]);
      const edges: IssueEdgeShape[] = [];
      let hasNextPage: boolean;
      let total: number | null = null;

      if (position.kind === 'datacenter') {
        const page = await restrictedSearch(ctx, (jira) =>
          searchPage(jira, { jql, projects, plan, maxResults: first, startAt: position.startAt }),
        );
        // Jira may cap maxResults below `first`: the next offset follows what it sent.
        page.issues.forEach((node, i) => {
          edges.push({ node, q, after: { kind: 'datacenter', startAt: page.startAt + i + 1 } });
        });
        hasNextPage = page.hasMore;
        total = page.total;
      } else {
        const { token, skip } = position;
        const page = await restrictedSearch(ctx, (jira) =>
          searchPage(jira, {
            jql,
            projects,
            plan,
            maxResults: Math.min(skip + first, CLOUD_PAGE_CAP),
            nextPageToken: token,
          }),
        );
        const taken = page.issues.slice(skip, skip + first);
        taken.forEach((node, i) => {
          const next = skip + i + 1;
          // After the last issue of Jira's page, the next page's token; inside it, the same token and an offset.
          const after: Position =
            next >= page.issues.length && page.nextPageToken !== null
              ? { kind: 'cloud', token: page.nextPageToken, skip: 0 }
              : { kind: 'cloud', token, skip: next };
          edges.push({ node, q, after });
        });
        hasNextPage = skip + taken.length < page.issues.length || page.hasMore;
      }
      const firstEdge = edges[0];
      const lastEdge = edges.at(-1);
      return {
        edges,
        pageInfo: {
          hasNextPage,
          hasPreviousPage: false,
          startCursor: firstEdge ? encodeCursor(q, firstEdge.after) : null,
          endCursor: lastEdge ? encodeCursor(q, lastEdge.after) : null,
        },
        total,
        jql,
      };
    },
  }),
);
