// Issue.statusHistory and Issue.timeInStatus: the issue's status changes
// read from its whole changelog (export/status-history.ts), for cycle-time
// and time-in-status reports without a paid Jira app. Data Center embeds the
// whole changelog in the issue; Cloud embeds the latest changes and the rest
// is paged from /issue/{key}/changelog (activity-source.ts).
import { requires } from '../../auth/field-scopes.ts';
import { type JiraJson, obj, str } from '../../jira/json.ts';
import {
  type StatusChange,
  type StatusTime,
  statusChanges,
  timeInStatus,
} from '../../jira/status-history.ts';
import type { GatewayContext } from '../../request-context.ts';
import { builder } from '../builder.ts';
import { IssueRef } from '../refs.ts';
import { jiraDate } from '../timestamps.ts';
import { jiraUser, UserRef } from '../user.ts';
import { stepsOf } from './activity.ts';
import { issueChangelog } from './activity-source.ts';
import { jiraNeeds } from './selection-plan.ts';

const read = requires('issues:read');

/** Jira's page of a changelog (Cloud's /changelog serves at most 100). */
const CHANGELOG_PAGE = 100;

/** Every change history of the issue, oldest first. */
async function allHistories(ctx: GatewayContext, issue: JiraJson): Promise<JiraJson[]> {
  const steps = stepsOf(ctx);
  const out: JiraJson[] = [];
  for (;;) {
    const slice = await issueChangelog(steps, issue, { offset: out.length, first: CHANGELOG_PAGE });
    out.push(...slice.items);
    if (slice.items.length === 0 || out.length >= slice.total) return out;
  }
}

function createdOf(issue: JiraJson): Date {
  const created = jiraDate(obj(issue.fields).created);
  if (created === null) throw new Error(`Jira sent issue ${str(issue.key)} without a valid created date`);
  return created;
}

async function changesOf(ctx: GatewayContext, issue: JiraJson): Promise<StatusChange[]> {
  return statusChanges(createdOf(issue), await allHistories(ctx, issue));
}

const hours = (seconds: number): number => Math.round((seconds / 3600) * 1e4) / 1e4;

const StatusChangeRef = builder.objectRef<StatusChange>('StatusChange').implement({
  description: 'One change of an issue’s status, with how long the issue had been in the status it left.',
  fields: (t) => ({
    from: t.string({
      nullable: true,
      description: 'The status left (null only when Jira’s change names none).',
      extensions: read,
      resolve: (c) => c.from,
    }),
    to: t.string({ description: 'The status entered.', extensions: read, resolve: (c) => c.to }),
    at: t.field({ type: 'DateTime', extensions: read, resolve: (c) => c.at }),
    by: t.field({
      type: UserRef,
      nullable: true,
      description: 'null for changes made anonymously or by Jira itself.',
      extensions: read,
      resolve: (c) => jiraUser(c.by),
    }),
    secondsInFrom: t.int({
      description:
        'Seconds spent in `from`: since the previous status change, or since the issue was created.',
      extensions: read,
      resolve: (c) => c.secondsInFrom,
    }),
  }),
});

const StatusTimeRef = builder.objectRef<StatusTime>('StatusTime').implement({
  description: 'The time an issue has spent in one status, over every visit.',
  fields: (t) => ({
    status: t.string({ extensions: read, resolve: (s) => s.status }),
    seconds: t.int({
      description: 'Whole seconds in the status; the current status counts until now.',
      extensions: read,
      resolve: (s) => s.seconds,
    }),
    hours: t.float({
      description: '`seconds` in hours (4 decimals).',
      extensions: read,
      resolve: (s) => hours(s.seconds),
    }),
    entries: t.int({
      description: 'How many times the issue entered the status (its first status counts its creation).',
      extensions: read,
      resolve: (s) => s.entries,
    }),
    current: t.boolean({
      description: 'Whether the issue is in it now.',
      extensions: read,
      resolve: (s) => s.current,
    }),
  }),
});

builder.objectFields(IssueRef, (t) => ({
  statusHistory: t.field({
    type: [StatusChangeRef],
    description: 'Every change of the status, oldest first, from the whole changelog.',
    extensions: { ...read, ...jiraNeeds({ fields: ['created'], expand: ['changelog'] }) },
    resolve: (issue, _args, ctx) => changesOf(ctx, issue),
  }),
  timeInStatus: t.field({
    type: [StatusTimeRef],
    description:
      'Time spent in each status, in the order the issue first entered them; the current one until now.',
    extensions: { ...read, ...jiraNeeds({ fields: ['created', 'status'], expand: ['changelog'] }) },
    resolve: async (issue, _args, ctx) => {
      const changes = await changesOf(ctx, issue);
      const current = str(obj(obj(issue.fields).status).name);
      return timeInStatus(createdOf(issue), changes, current, new Date());
    },
  }),
}));
