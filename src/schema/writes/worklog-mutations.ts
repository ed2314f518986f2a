// Logging, editing and deleting work (worklogs:write), as the caller's own
// Jira user, on issues within the token's projects, with Jira's adjustment of
// the remaining estimate. Durations are checked here (jira-duration.ts) and
// sent in the caller's units, so Jira reads days and weeks by its own
// settings. Every input is checked before Jira is called; the issue a write
// addresses is read fresh first (writableIssue), and a worklog edited or
// deleted is read first and must be on that issue. The worklog returned is the
// one Jira answered, mapped as the reads map one; the payload's issue is read
// afresh after the write.
import { requires } from '../../auth/field-scopes.ts';
import { JiraDurationError, MAX_DURATION_SECONDS, normalizeJiraDuration } from '../../jira/jira-duration.ts';
import { type JiraJson, str } from '../../jira/json.ts';
import {
  addWorklog,
  deleteWorklog,
  type EstimateAdjustment,
  readWorklog,
  updateWorklog,
  type WorklogWrite,
} from '../../jira/worklog-writes.ts';
import type { JiraWriter } from '../../jira/writer.ts';
import { builder } from '../builder.ts';
import { WorklogRef } from '../issue/activity.ts';
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
import { FieldErrors, jiraDateTime } from './issue-fields-input.ts';
import { jiraWriterOf, type WriteRecord, writeToJira } from './jira-write.ts';
import { RichTextInput, type RichTextValue } from './rich-text-input.ts';
import { writableIssue } from './write-guard.ts';

const EstimateAdjustmentMode = builder.enumType('EstimateAdjustment', {
  description:
    "How Jira moves the issue's remaining estimate: AUTO by the time logged (the default), LEAVE it, set a NEW " +
    'one (newEstimate), or MANUAL by an amount (reduceBy when logging, increaseBy when deleting).',
  values: {
    AUTO: { value: 'auto' },
    LEAVE: { value: 'leave' },
    NEW: { value: 'new' },
    MANUAL: { value: 'manual' },
  } as const,
});

const EditEstimateAdjustmentMode = builder.enumType('EditEstimateAdjustment', {
  description:
    "How Jira moves the remaining estimate when a worklog is edited (Jira's edit has no manual mode).",
  values: { AUTO: { value: 'auto' }, LEAVE: { value: 'leave' }, NEW: { value: 'new' } } as const,
});

const durationHint =
  "A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults).";

const AddWorklogEstimateInput = builder.inputType('AddWorklogEstimateInput', {
  fields: (t) => ({
    mode: t.field({ type: EstimateAdjustmentMode, required: true }),
    newEstimate: t.string({
      required: false,
      description: `The new remaining estimate (NEW). ${durationHint}`,
    }),
    reduceBy: t.string({
      required: false,
      description: `How much to take off the estimate (MANUAL). ${durationHint}`,
    }),
  }),
});

const UpdateWorklogEstimateInput = builder.inputType('UpdateWorklogEstimateInput', {
  fields: (t) => ({
    mode: t.field({ type: EditEstimateAdjustmentMode, required: true }),
    newEstimate: t.string({
      required: false,
      description: `The new remaining estimate (NEW). ${durationHint}`,
    }),
  }),
});

const DeleteWorklogEstimateInput = builder.inputType('DeleteWorklogEstimateInput', {
  fields: (t) => ({
    mode: t.field({ type: EstimateAdjustmentMode, required: true }),
    newEstimate: t.string({
      required: false,
      description: `The new remaining estimate (NEW). ${durationHint}`,
    }),
    increaseBy: t.string({
      required: false,
      description: `How much to add to the estimate (MANUAL). ${durationHint}`,
    }),
  }),
});

const AddWorklogInput = builder.inputType('AddWorklogInput', {
  fields: (t) => ({
    clientMutationId: t.string({
      required: false,
      description:
        'An idempotency key: a retry within 24 h with the same key and input returns the first worklog.',
    }),
    key: t.string({ required: true, description: "The issue's key." }),
    timeSpent: t.string({ required: false, description: `Give this or timeSpentSeconds. ${durationHint}` }),
    timeSpentSeconds: t.int({ required: false, description: 'Give this or timeSpent.' }),
    started: t.field({
      type: 'DateTime',
      required: false,
      description: 'When the work started; now when left out.',
    }),
    comment: t.field({ type: RichTextInput, required: false, description: 'What was done.' }),
    adjustEstimate: t.field({
      type: AddWorklogEstimateInput,
      required: false,
      description: 'Left out: AUTO.',
    }),
  }),
});

const UpdateWorklogInput = builder.inputType('UpdateWorklogInput', {
  description: 'What to change; a field left out (or null) is unchanged.',
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true, description: "The issue's key." }),
    id: t.id({ required: true, description: "The worklog's id." }),
    timeSpent: t.string({
      required: false,
      description: `At most one of this and timeSpentSeconds. ${durationHint}`,
    }),
    timeSpentSeconds: t.int({ required: false }),
    started: t.field({ type: 'DateTime', required: false }),
    comment: t.field({ type: RichTextInput, required: false }),
    adjustEstimate: t.field({
      type: UpdateWorklogEstimateInput,
      required: false,
      description: 'Left out: AUTO.',
    }),
  }),
});

const DeleteWorklogInput = builder.inputType('DeleteWorklogInput', {
  fields: (t) => ({
    clientMutationId: t.string({ required: false }),
    key: t.string({ required: true, description: "The issue's key." }),
    id: t.id({ required: true, description: "The worklog's id." }),
    adjustEstimate: t.field({
      type: DeleteWorklogEstimateInput,
      required: false,
      description: 'Left out: AUTO (the time logged goes back to the estimate).',
    }),
  }),
});

const worklogPayload = (name: string, description: string) =>
  itemPayload({
    name,
    description,
    itemField: 'worklog',
    itemRef: WorklogRef,
    itemDescription:
      "The worklog as Jira answered the write (Jira's answer carries no rendered HTML: comment.html is null " +
      'here; Issue.worklogs has it).',
    readScope: 'worklogs:read',
  });

const AddWorklogPayload = worklogPayload('AddWorklogPayload', 'The worklog added, and its issue.');
const UpdateWorklogPayload = worklogPayload('UpdateWorklogPayload', 'The worklog edited, and its issue.');
const DeleteWorklogPayload = deletedPayload({
  name: 'DeleteWorklogPayload',
  description: 'The worklog deleted, and its issue.',
  idField: 'deletedWorklogId',
  what: 'worklog',
});

// ---------------------------------------------------------------- checks before Jira is called

/** A duration as Jira takes it, or a field error. */
function duration(field: string, text: string, errors: FieldErrors, allowZero = false): string {
  try {
    return normalizeJiraDuration(text, { allowZero });
  } catch (error) {
    if (!(error instanceof JiraDurationError)) throw error;
    errors.add(field, error.message);
    return '';
  }
}

/** The time spent, as timeSpent or timeSpentSeconds; `required` when logging, optional when editing. */
function timeSpentOf(
  input: { timeSpent?: string | null; timeSpentSeconds?: number | null },
  required: boolean,
  errors: FieldErrors,
): Pick<WorklogWrite, 'timeSpent' | 'timeSpentSeconds'> {
  const text = input.timeSpent ?? null;
  const seconds = input.timeSpentSeconds ?? null;
  if (text !== null && seconds !== null) {
    errors.add('timeSpent', 'Give timeSpent or timeSpentSeconds, not both.');
    return {};
  }
  if (text !== null) return { timeSpent: duration('timeSpent', text, errors) };
  if (seconds !== null) {
    if (seconds <= 0) errors.add('timeSpentSeconds', 'The time spent must be more than zero seconds.');
    else if (seconds > MAX_DURATION_SECONDS) errors.add('timeSpentSeconds', 'The time spent is too long.');
    return { timeSpentSeconds: seconds };
  }
  if (required)
    errors.add('timeSpent', 'Give the time spent: timeSpent (e.g. "1h 30m") or timeSpentSeconds.');
  return {};
}

/** Jira takes four-digit years; a date outside them is a mistake, not a worklog. */
function startedOf(at: Date, errors: FieldErrors): string {
  const year = at.getUTCFullYear();
  if (year < 1900 || year > 9999) errors.add('started', 'The start must be between the years 1900 and 9999.');
  return jiraDateTime(at);
}

interface AdjustmentInput {
  mode: 'auto' | 'leave' | 'new' | 'manual';
  newEstimate?: string | null;
  reduceBy?: string | null;
  increaseBy?: string | null;
}

/** The estimate adjustment Jira takes; each value only with its mode, and required by it. */
function adjustmentOf(
  input: AdjustmentInput | null | undefined,
  manualField: 'reduceBy' | 'increaseBy' | null,
  errors: FieldErrors,
): EstimateAdjustment | undefined {
  if (!input) return undefined;
  const given = (name: 'newEstimate' | 'reduceBy' | 'increaseBy'): string | null => input[name] ?? null;
  const key = (name: string) => `adjustEstimate.${name}`;
  const newEstimate = given('newEstimate');
  const by = manualField === null ? null : given(manualField);
  if (input.mode !== 'new' && newEstimate !== null)
    errors.add(key('newEstimate'), 'newEstimate goes with mode NEW.');
  if (manualField !== null && input.mode !== 'manual' && by !== null)
    errors.add(key(manualField), `${manualField} goes with mode MANUAL.`);
  switch (input.mode) {
    case 'auto':
    case 'leave':
      return { mode: input.mode };
    case 'new':
      if (newEstimate === null) {
        errors.add(key('newEstimate'), 'Mode NEW needs newEstimate, the new remaining estimate.');
        return undefined;
      }
      // A remaining estimate of nothing is a real one: the work is done.
      return { mode: 'new', newEstimate: duration(key('newEstimate'), newEstimate, errors, true) };
    case 'manual':
      if (manualField === null) {
        errors.add(key('mode'), "Jira's worklog edit has no MANUAL mode.");
        return undefined;
      }
      if (by === null) {
        errors.add(key(manualField), `Mode MANUAL needs ${manualField}.`);
        return undefined;
      }
      return { mode: 'manual', by: duration(key(manualField), by, errors) };
  }
}

/** The worklog comment, converted for the flavour; a blank one is refused (leave it out instead). */
function commentOf(
  flavor: JiraWriter['flavor'],
  source: RichTextValue | null | undefined,
  errors: FieldErrors,
) {
  if (!source) return { comment: undefined, apiPrefix: undefined };
  const { body, apiPrefix } = richTextBody(flavor, 'comment', source, errors);
  return { comment: body, apiPrefix };
}

/**
 * The worklog as the flavour's reads show it: a Cloud write with a wiki
 * comment went through /rest/api/2, whose answer holds wiki, so it is read
 * again through /rest/api/3, where a later read would find ADF.
 */
async function asRead(
  jira: JiraWriter,
  issueKey: string,
  answered: JiraJson,
  viaV2: boolean,
): Promise<JiraJson> {
  return viaV2 ? readWorklog(jira, issueKey, str(answered.id)) : answered;
}

const writeScope = requires('worklogs:write');

builder.mutationFields((t) => ({
  addWorklog: t.field({
    type: AddWorklogPayload,
    description:
      "Logs work on an issue as the caller's Jira user (Jira's Work On Issues permission), adjusting the " +
      'remaining estimate. clientMutationId (or an Idempotency-Key header) makes a retry within 24 h return ' +
      'the first worklog instead of logging the time twice.',
    extensions: writeScope,
    args: { input: t.arg({ type: AddWorklogInput, required: true }) },
    resolve: async (_root, { input }, ctx, info) => {
      const errors = new FieldErrors();
      const jira = jiraWriterOf(ctx);
      const time = timeSpentOf(input, true, errors);
      // A start left out is now; the idempotency key hashes the input as sent, so a retry still matches.
      const started = startedOf(input.started ?? new Date(), errors);
      const { comment, apiPrefix } = commentOf(jira.flavor, input.comment, errors);
      const adjustment = adjustmentOf(input.adjustEstimate, 'reduceBy', errors);
      errors.throwIfAny();
      const write: WorklogWrite = { ...time, started, ...(comment !== undefined ? { comment } : {}) };
      const clientMutationId = input.clientMutationId ?? null;
      const written = await idempotently(
        ctx,
        info,
        input,
        () => {
          const record: WriteRecord = { operation: 'addWorklog', issueKey: loggedKey(input.key) };
          return writeToJira(ctx, record, async (writer): Promise<ItemWritten> => {
            const target = await writableIssue(ctx, writer, input.key);
            record.issueKey = target.key;
            const made = await addWorklog(writer, target.key, write, adjustment, apiPrefix);
            record.itemId = str(made.id);
            const worklog = await asRead(writer, target.key, made, apiPrefix !== undefined);
            return {
              clientMutationId,
              issueKey: target.key,
              projectKey: target.projectKey,
              item: activityItemOf(worklog),
            };
          });
        },
        itemCodec(clientMutationId),
      );
      return withinRestriction(ctx, written);
    },
  }),

  updateWorklog: t.field({
    type: UpdateWorklogPayload,
    description:
      'Edits a worklog: its time spent, start or comment (what is left out stays), adjusting the remaining ' +
      'estimate. Jira lets the author edit their own worklogs and project administrators anyone’s. Naturally ' +
      'idempotent: the same edit twice leaves the same worklog.',
    extensions: writeScope,
    args: { input: t.arg({ type: UpdateWorklogInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const errors = new FieldErrors();
      const jira = jiraWriterOf(ctx);
      const id = checkItemId(input.id, 'worklog', errors);
      const time = timeSpentOf(input, false, errors);
      const started = input.started ? startedOf(input.started, errors) : undefined;
      const { comment, apiPrefix } = commentOf(jira.flavor, input.comment, errors);
      const adjustment = adjustmentOf(input.adjustEstimate, null, errors);
      const write: WorklogWrite = {
        ...time,
        ...(started !== undefined ? { started } : {}),
        ...(comment !== undefined ? { comment } : {}),
      };
      if (Object.keys(write).length === 0 && Object.keys(errors.errors).length === 0) {
        errors.add(
          'timeSpent',
          'Nothing to change: give timeSpent or timeSpentSeconds, started, or comment.',
        );
      }
      errors.throwIfAny();
      const record: WriteRecord = { operation: 'updateWorklog', issueKey: loggedKey(input.key), itemId: id };
      return writeToJira(ctx, record, async (writer): Promise<ItemWritten> => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        assertOnIssue(await readWorklog(writer, target.key, id), target, 'worklog', id);
        const edited = await updateWorklog(writer, target.key, id, write, adjustment, apiPrefix);
        const worklog = await asRead(writer, target.key, edited, apiPrefix !== undefined);
        return {
          clientMutationId: input.clientMutationId ?? null,
          issueKey: target.key,
          projectKey: target.projectKey,
          item: activityItemOf(worklog),
        };
      });
    },
  }),

  deleteWorklog: t.field({
    type: DeleteWorklogPayload,
    description:
      'Deletes a worklog, adjusting the remaining estimate. Jira lets the author delete their own worklogs and ' +
      'project administrators anyone’s. Naturally idempotent in effect: deleting it again answers NOT_FOUND ' +
      'and changes nothing.',
    extensions: writeScope,
    args: { input: t.arg({ type: DeleteWorklogInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const errors = new FieldErrors();
      const id = checkItemId(input.id, 'worklog', errors);
      const adjustment = adjustmentOf(input.adjustEstimate, 'increaseBy', errors);
      errors.throwIfAny();
      const record: WriteRecord = { operation: 'deleteWorklog', issueKey: loggedKey(input.key), itemId: id };
      return writeToJira(ctx, record, async (writer): Promise<ItemDeleted> => {
        const target = await writableIssue(ctx, writer, input.key);
        record.issueKey = target.key;
        assertOnIssue(await readWorklog(writer, target.key, id), target, 'worklog', id);
        await deleteWorklog(writer, target.key, id, adjustment);
        return { clientMutationId: input.clientMutationId ?? null, issueKey: target.key, id };
      });
    },
  }),
}));
