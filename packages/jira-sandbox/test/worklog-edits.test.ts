// One worklog at a time against a live sandbox of each flavour: editing and
// deleting it (its author, or the project's Administrators), which moves the
// issue's time spent and, per adjustEstimate, its remaining estimate, and
// leaves history as logging work does.
import { describe, expect, it } from 'vitest';
import type { Flavor, SandboxIssue } from '../src/model.ts';
import { ADF_BOLD, type Json, useIssueSandbox } from './support/issue-calls.ts';

const HOUR = 3600;

describe.each<Flavor>(['datacenter', 'cloud'])('%s worklog edits', (flavor) => {
  const { cloud, call, user, pick, openProj, lastHistory } = useIssueSandbox(flavor);
  /** An open PROJ issue with an estimate well above what the tests log. */
  const estimated = (i: SandboxIssue): boolean =>
    openProj(i) && i.timeEstimate !== null && i.timeEstimate > 10 * HOUR;
  const openMob = (i: SandboxIssue): boolean =>
    i.projectId === '10001' && i.securityLevelId === null && i.timeEstimate !== null;

  async function logWork(as: string, issue: SandboxIssue, timeSpent = '2h'): Promise<string> {
    const res = await call(as, 'POST', `/issue/${issue.key}/worklog?adjustEstimate=leave`, { timeSpent });
    expect(res.status).toBe(201);
    return String((res.body as Json).id);
  }

  describe('PUT', () => {
    it('changes time spent, start and comment, adjusting the estimate by the difference', async () => {
      const issue = pick(estimated);
      const id = await logWork('dave', issue);
      const [spent, estimate] = [issue.timeSpent ?? 0, issue.timeEstimate ?? 0];
      const res = await call('dave', 'PUT', `/issue/${issue.key}/worklog/${id}`, {
        timeSpent: '3h 30m',
        started: '2026-11-02T08:00:00.000+0000',
        comment: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        timeSpent: '3h 30m',
        timeSpentSeconds: 3.5 * HOUR,
        started: '2026-11-02T08:00:00.000+0000',
        comment: cloud ? ADF_BOLD : 'Looks *good*',
        updateAuthor: { displayName: 'Dave Davis' },
      });
      expect(issue.timeSpent).toBe(spent + 1.5 * HOUR);
      expect(issue.timeEstimate).toBe(estimate - 1.5 * HOUR);
      expect(lastHistory(issue)?.items).toEqual([
        expect.objectContaining({ field: 'timespent', to: String(spent + 1.5 * HOUR) }),
        expect.objectContaining({ field: 'timeestimate', to: String(estimate - 1.5 * HOUR) }),
        expect.objectContaining({ field: 'WorklogId', from: id, to: id }),
      ]);
      const read = await call('alice', 'GET', `/issue/${issue.key}/worklog/${id}`);
      expect(read.body).toMatchObject({ id, timeSpentSeconds: 3.5 * HOUR });
    });

    it('takes adjustEstimate=leave and new, and refuses manual, which only adding and deleting know', async () => {
      const issue = pick(estimated);
      const id = await logWork('alice', issue);
      const path = `/issue/${issue.key}/worklog/${id}`;
      const estimate = issue.timeEstimate;
      expect(
        (await call('alice', 'PUT', `${path}?adjustEstimate=leave`, { timeSpentSeconds: HOUR })).status,
      ).toBe(200);
      expect(issue.timeEstimate).toBe(estimate);
      expect(
        (
          await call('alice', 'PUT', `${path}?adjustEstimate=new&newEstimate=1d`, {
            comment: cloud ? ADF_BOLD : 'x',
          })
        ).status,
      ).toBe(200);
      expect(issue.timeEstimate).toBe(8 * HOUR);
      const before = JSON.stringify(issue);
      const manual = await call('alice', 'PUT', `${path}?adjustEstimate=manual&reduceBy=1h`, {
        timeSpent: '5h',
      });
      expect(manual.status).toBe(400);
      expect(manual.body).toEqual({
        errorMessages: ["Invalid value for adjustEstimate: 'manual'."],
        errors: {},
      });
      const bad = await call('alice', 'PUT', path, { timeSpent: 'a while' });
      expect(bad.body).toEqual({
        errorMessages: ['Worklog must not be null.'],
        errors: { timeLogged: 'Invalid time duration entered.' },
      });
      expect(JSON.stringify(issue)).toBe(before);
    });
  });

  describe('DELETE', () => {
    it('gives the time back to the estimate by default and records the worklog gone', async () => {
      const issue = pick(estimated);
      const id = await logWork('alice', issue);
      const [spent, estimate] = [issue.timeSpent ?? 0, issue.timeEstimate ?? 0];
      const res = await call('alice', 'DELETE', `/issue/${issue.key}/worklog/${id}`);
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect(issue.worklogs.some((w) => w.id === id)).toBe(false);
      expect(issue.timeSpent).toBe(spent - 2 * HOUR === 0 ? null : spent - 2 * HOUR);
      expect(issue.timeEstimate).toBe(estimate + 2 * HOUR);
      expect(lastHistory(issue)?.items.at(-1)).toMatchObject({ field: 'WorklogId', from: id, to: null });
      expect((await call('alice', 'GET', `/issue/${issue.key}/worklog/${id}`)).body).toEqual({
        errorMessages: [`Cannot find worklog with id: ${id}.`],
        errors: {},
      });
    });

    it.each([
      ['leave', '', 0],
      ['manual', '&increaseBy=30m', 1800],
    ])('takes adjustEstimate=%s', async (mode, extra, added) => {
      const issue = pick(estimated);
      const id = await logWork('alice', issue);
      const estimate = issue.timeEstimate ?? 0;
      const res = await call(
        'alice',
        'DELETE',
        `/issue/${issue.key}/worklog/${id}?adjustEstimate=${mode}${extra}`,
      );
      expect(res.status).toBe(204);
      expect(issue.timeEstimate).toBe(estimate + added);
    });

    it('clears time spent with the last worklog, and refuses a bad newEstimate without deleting', async () => {
      const issue = pick((i) => openProj(i) && i.worklogs.length === 0 && i.timeEstimate !== null);
      const id = await logWork('alice', issue, '45m');
      const bad = await call('alice', 'DELETE', `/issue/${issue.key}/worklog/${id}?adjustEstimate=new`);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ errorMessages: ['You must supply a valid new estimate.'], errors: {} });
      expect(issue.worklogs).toHaveLength(1);
      const res = await call(
        'alice',
        'DELETE',
        `/issue/${issue.key}/worklog/${id}?adjustEstimate=new&newEstimate=2h`,
      );
      expect(res.status).toBe(204);
      expect(issue).toMatchObject({ worklogs: [], timeSpent: null, timeEstimate: 2 * HOUR });
      const f = await call('alice', 'GET', `/issue/${issue.key}?fields=timespent,timeestimate`);
      expect((f.body as { fields: Json }).fields).toMatchObject({ timespent: null, timeestimate: 2 * HOUR });
    });
  });

  describe('who may', () => {
    it("refuses someone else's worklog without Edit or Delete All Worklogs, changing nothing", async () => {
      const issue = pick(estimated);
      const id = await logWork('alice', issue);
      const before = JSON.stringify(issue);
      // bob develops PROJ but is not one of its Administrators.
      const edit = await call('bob', 'PUT', `/issue/${issue.key}/worklog/${id}`, { timeSpent: '1m' });
      const remove = await call('bob', 'DELETE', `/issue/${issue.key}/worklog/${id}`);
      for (const [res, verb] of [
        [edit, 'edit'],
        [remove, 'delete'],
      ] as const) {
        expect(res.status).toBe(cloud ? 400 : 403);
        expect(res.body).toEqual({
          errorMessages: [
            cloud
              ? `You do not have the permission to ${verb} this worklog.`
              : `Bob Brown, you do not have the permission to ${verb} this worklog.`,
          ],
          errors: {},
        });
      }
      expect(JSON.stringify(issue)).toBe(before);
    });

    it("lets MOB's Administrators role and a Jira administrator change anyone's worklog", async () => {
      const issue = pick(openMob);
      const id = await logWork('bob', issue);
      const edited = await call('alice', 'PUT', `/issue/${issue.key}/worklog/${id}`, { timeSpent: '1h' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        author: { displayName: 'Bob Brown' },
        updateAuthor: { displayName: 'Alice Anderson' },
      });
      expect((await call('admin', 'DELETE', `/issue/${issue.key}/worklog/${id}`)).status).toBe(204);
    });

    it('lets erin edit her own worklog in PROJ though she may not log new work there', async () => {
      const issue = pick((i) => openProj(i) && i.worklogs.some((w) => w.authorKey === user('erin').key));
      const mine = issue.worklogs.find((w) => w.authorKey === user('erin').key)!;
      const res = await call('erin', 'PUT', `/issue/${issue.key}/worklog/${mine.id}?adjustEstimate=leave`, {
        comment: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(res.status).toBe(200);
      expect(mine.comment).toBe('Looks *good*');
      expect((await call('erin', 'POST', `/issue/${issue.key}/worklog`, { timeSpent: '1h' })).status).toBe(
        cloud ? 400 : 403,
      );
    });

    it('answers 404 for a worklog of another issue, and for an issue the caller cannot see', async () => {
      const [issue, other] = [pick(estimated), pick(estimated)];
      const id = await logWork('alice', other);
      const res = await call('alice', 'PUT', `/issue/${issue.key}/worklog/${id}`, { timeSpent: '1m' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errorMessages: [`Cannot find worklog with id: ${id}.`], errors: {} });
      const ops = pick((i) => i.projectId === '10002' && i.worklogs.length > 0);
      const hidden = await call('bob', 'DELETE', `/issue/${ops.key}/worklog/${ops.worklogs[0]?.id}`);
      expect(hidden.status).toBe(404);
      expect(other.worklogs.some((w) => w.id === id)).toBe(true);
    });
  });
});
