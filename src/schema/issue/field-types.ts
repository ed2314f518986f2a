// The small object types an issue's fields return: its workflow status, type,
// priority and resolution (Jira's named things), its time tracking, and its
// links to other issues. Each parent is the JSON Jira embedded in the issue.
import { requires } from '../../auth/field-scopes.ts';
import { projectOfKey } from '../../jira/issue-reads.ts';
import { type JiraJson, numOrNull, obj, objOrNull, str, strOrNull } from '../../jira/json.ts';
import type { GatewayContext } from '../../request-context.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import { outsideRestriction } from '../project-restriction.ts';
import { IssueRef, IssueTypeRef, PriorityRef, ResolutionRef, StatusRef } from '../refs.ts';
import { embeddedIssue } from './loader.ts';

const read = requires('issues:read');

type JiraObjectFields = PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, JiraJson>;

/** What Jira's named things share: id and name, and a description where Jira keeps one. */
function namedFields(t: JiraObjectFields, { described }: { described: boolean }) {
  const idAndName = {
    id: t.id({ extensions: read, resolve: (s) => str(s.id) }),
    name: t.string({ extensions: read, resolve: (s) => str(s.name) }),
  };
  if (!described) return idAndName;
  return {
    ...idAndName,
    description: t.string({
      nullable: true,
      extensions: read,
      resolve: (s) => strOrNull(s.description) || null,
    }),
  };
}

StatusRef.implement({
  description: 'A workflow status.',
  fields: (t) => ({
    ...namedFields(t, { described: true }),
    category: t.string({
      description: "The status category's key: new, indeterminate or done.",
      extensions: read,
      resolve: (s) => str(obj(s.statusCategory).key),
    }),
  }),
});

IssueTypeRef.implement({
  description: 'An issue type (Story, Bug, Task, Sub-task, ...).',
  fields: (t) => ({
    ...namedFields(t, { described: true }),
    subtask: t.boolean({ extensions: read, resolve: (s) => s.subtask === true }),
  }),
});

PriorityRef.implement({
  description: 'An issue priority.',
  fields: (t) => namedFields(t, { described: false }),
});

ResolutionRef.implement({
  description: 'How an issue was resolved (Done, Fixed, Duplicate, ...).',
  fields: (t) => namedFields(t, { described: true }),
});

export const worklogsRead = requires('worklogs:read');

export const TimeTrackingRef = builder.objectRef<JiraJson>('TimeTracking').implement({
  description: "An issue's estimates and time spent, in seconds and in Jira's words (e.g. 1d 2h).",
  fields: (t) => {
    const seconds = (name: string) =>
      t.int({ nullable: true, extensions: worklogsRead, resolve: (tt) => numOrNull(tt[`${name}Seconds`]) });
    const words = (name: string) =>
      t.string({ nullable: true, extensions: worklogsRead, resolve: (tt) => strOrNull(tt[name]) });
    return {
      originalEstimate: words('originalEstimate'),
      originalEstimateSeconds: seconds('originalEstimate'),
      remainingEstimate: words('remainingEstimate'),
      remainingEstimateSeconds: seconds('remainingEstimate'),
      timeSpent: words('timeSpent'),
      timeSpentSeconds: seconds('timeSpent'),
    };
  },
});

const IssueLinkDirection = builder.enumType('IssueLinkDirection', {
  description:
    'Which end of the link this issue is: OUTWARD "blocks" the linked issue, INWARD "is blocked by" it.',
  values: { INWARD: { value: 'inward' }, OUTWARD: { value: 'outward' } } as const,
});

interface IssueLinkShape {
  id: string;
  type: JiraJson;
  direction: 'inward' | 'outward';
  /** The linked issue as Jira embedded it. */
  issue: JiraJson;
}

/** The links of an issue's `issuelinks` the token may see: its project restriction hides the others. */
export function visibleLinks(ctx: GatewayContext, raw: unknown[]): IssueLinkShape[] {
  return raw.flatMap((item): IssueLinkShape[] => {
    const link = obj(item);
    const outward = objOrNull(link.outwardIssue);
    const issue = outward ?? objOrNull(link.inwardIssue);
    if (!issue || outsideRestriction(ctx, projectOfKey(str(issue.key)))) return [];
    return [{ id: str(link.id), type: obj(link.type), direction: outward ? 'outward' : 'inward', issue }];
  });
}

export const IssueLinkRef = builder.objectRef<IssueLinkShape>('IssueLink').implement({
  description: 'A link from this issue to another.',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    type: t.string({
      description: "The link type's name, e.g. Blocks, Relates, Duplicate.",
      extensions: read,
      resolve: (l) => str(l.type.name),
    }),
    direction: t.field({ type: IssueLinkDirection, extensions: read, resolve: (l) => l.direction }),
    relationship: t.string({
      description: 'How this issue relates to the linked one, e.g. "blocks" or "is blocked by".',
      extensions: read,
      resolve: (l) => str(l.type[l.direction]),
    }),
    issue: t.field({
      type: IssueRef,
      description:
        'The linked issue: what Jira embeds (key, summary, status, priority, type) costs nothing more.',
      extensions: read,
      resolve: async (l, _args, ctx, info) => (await embeddedIssue(ctx, info, l.issue)) ?? l.issue,
    }),
  }),
});
