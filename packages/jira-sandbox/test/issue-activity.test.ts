// An issue's activity against a live sandbox of each flavour: comments,
// worklogs and transitions, read and written.
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../src/model.ts';
import { ADF_BOLD, type Json, useIssueSandbox } from './support/issue-calls.ts';

describe.each<Flavor>(['datacenter', 'cloud'])('%s issues', (flavor) => {
  const { api, cloud, call, callV2, pick, openProj, inStatus, fields, lastHistory } = useIssueSandbox(flavor);

  describe('comments', () => {
    it('pages and orders comments', async () => {
      const issue = pick((i) => openProj(i) && i.comments.length >= 3);
      const page = await call('alice', 'GET', `/issue/${issue.key}/comment?startAt=1&maxResults=1`);
      expect(page.body).toMatchObject({ startAt: 1, maxResults: 1, total: issue.comments.length });
      expect((page.body as { comments: Json[] }).comments.map((c) => c.id)).toEqual([issue.comments[1]?.id]);
      const newest = await call('alice', 'GET', `/issue/${issue.key}/comment?orderBy=-created&maxResults=1`);
      expect((newest.body as { comments: Json[] }).comments[0]?.id).toBe(
        issue.comments[issue.comments.length - 1]?.id,
      );
      const defaults = await call('alice', 'GET', `/issue/${issue.key}/comment`);
      expect(defaults.body).toMatchObject({ startAt: 0, maxResults: cloud ? 100 : 50 });
      const rendered = await call('alice', 'GET', `/issue/${issue.key}/comment?expand=renderedBody`);
      expect((rendered.body as { comments: Json[] }).comments[0]?.renderedBody).toMatch(/^<(p|ul|ol|div)/);
    });

    it('adds a comment and shows it on the issue', async () => {
      const issue = pick(openProj);
      const count = issue.comments.length;
      const res = await call('erin', 'POST', `/issue/${issue.key}/comment`, {
        body: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(res.status).toBe(201);
      const comment = res.body as Json;
      expect(comment).toMatchObject({
        id: expect.any(String),
        self: expect.stringContaining(`${api}/issue/${issue.id}/comment/`),
        author: { displayName: 'Erin Evans' },
        updateAuthor: { displayName: 'Erin Evans' },
        body: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(comment.created).toBe(comment.updated);
      const list = await call('alice', 'GET', `/issue/${issue.key}/comment`);
      expect(list.body).toMatchObject({ total: count + 1 });
      expect((list.body as { comments: Json[] }).comments.at(-1)?.id).toBe(comment.id);
      expect(issue.updated).toBe(Date.parse(String(comment.created).replace('+0000', 'Z')));
      if (cloud) {
        const v2 = await callV2('erin', 'POST', `/issue/${issue.key}/comment`, { body: 'From *v2*' });
        expect((v2.body as Json).body).toBe('From *v2*');
      }
    });

    it('refuses empty bodies, and plain strings on Cloud v3', async () => {
      const issue = pick(openProj);
      const empty = await call('alice', 'POST', `/issue/${issue.key}/comment`, { body: '' });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({
        errorMessages: [],
        errors: { comment: 'Comment body can not be empty!' },
      });
      if (cloud) {
        const plain = await call('alice', 'POST', `/issue/${issue.key}/comment`, { body: 'plain' });
        expect(plain.status).toBe(400);
        expect(plain.body).toEqual({ errorMessages: [], errors: { comment: 'Comment body is not valid!' } });
      }
      const bob = await call('bob', 'POST', '/issue/OPS-1/comment', { body: cloud ? ADF_BOLD : 'hi' });
      expect(bob.status).toBe(404);
    });
  });

  describe('worklogs', () => {
    it('logs work, updating time spent, the estimate and the history', async () => {
      const issue = pick((i) => openProj(i) && i.timeEstimate !== null && i.timeEstimate > 5400);
      const spent = issue.timeSpent ?? 0;
      const estimate = issue.timeEstimate ?? 0;
      const res = await call('dave', 'POST', `/issue/${issue.key}/worklog`, {
        timeSpent: '1h 30m',
        started: '2026-10-30T09:00:00.000+0000',
        comment: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        timeSpent: '1h 30m',
        timeSpentSeconds: 5400,
        issueId: issue.id,
        started: '2026-10-30T09:00:00.000+0000',
        author: { displayName: 'Dave Davis' },
        comment: cloud ? ADF_BOLD : 'Looks *good*',
      });
      const f = await fields(issue.key, '?fields=timespent,timeestimate,timetracking,worklog');
      expect(f.timespent).toBe(spent + 5400);
      expect(f.timeestimate).toBe(estimate - 5400);
      expect(f.timetracking).toMatchObject({ timeSpentSeconds: spent + 5400 });
      expect(f.worklog).toMatchObject({ total: issue.worklogs.length });
      expect(lastHistory(issue)?.items.map((i) => i.field)).toEqual([
        'timespent',
        'timeestimate',
        'WorklogId',
      ]);
      const list = await call('alice', 'GET', `/issue/${issue.key}/worklog`);
      expect(list.body).toMatchObject({ startAt: 0, total: issue.worklogs.length });
      expect((list.body as { worklogs: Json[] }).worklogs.at(-1)).toMatchObject({ timeSpentSeconds: 5400 });
    });

    it('accepts timeSpentSeconds and adjustEstimate=leave', async () => {
      const issue = pick((i) => openProj(i) && i.timeEstimate !== null);
      const estimate = issue.timeEstimate;
      const res = await call('alice', 'POST', `/issue/${issue.key}/worklog?adjustEstimate=leave`, {
        timeSpentSeconds: 900,
      });
      expect(res.body).toMatchObject({ timeSpent: '15m', timeSpentSeconds: 900 });
      expect(issue.timeEstimate).toBe(estimate);
    });

    it.runIf(cloud)('filters worklogs by start time on Cloud', async () => {
      const issue = pick((i) => openProj(i) && i.worklogs.length >= 2);
      const second = issue.worklogs[1];
      const res = await call('alice', 'GET', `/issue/${issue.key}/worklog?startedAfter=${second?.started}`);
      const expected = issue.worklogs.filter((w) => w.started >= (second?.started ?? 0)).map((w) => w.id);
      expect((res.body as { worklogs: Json[] }).worklogs.map((w) => w.id)).toEqual(expected);
      expect(res.body).toMatchObject({ total: expected.length, maxResults: 5000 });
    });

    it('refuses an invalid duration like Jira does', async () => {
      const issue = pick(openProj);
      const count = issue.worklogs.length;
      const res = await call('alice', 'POST', `/issue/${issue.key}/worklog`, { timeSpent: 'a while' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: ['Worklog must not be null.'],
        errors: { timeLogged: 'Invalid time duration entered.' },
      });
      expect(issue.worklogs).toHaveLength(count);
    });
  });

  describe('transitions', () => {
    it('offers the transitions of the current status', async () => {
      const todo = pick(inStatus('10000'));
      const res = await call('alice', 'GET', `/issue/${todo.key}/transitions`);
      expect(res.body).toMatchObject({
        transitions: [
          { id: '11', name: 'Start Progress', to: { id: '3', name: 'In Progress' }, hasScreen: false },
        ],
      });
      const review = pick(inStatus('10001'));
      const offered = await call('alice', 'GET', `/issue/${review.key}/transitions`);
      expect((offered.body as { transitions: Json[] }).transitions.map((t) => t.id)).toEqual(['31', '61']);
    });

    it('moves through the workflow, setting and clearing the resolution', async () => {
      const issue = pick(inStatus('10000'));
      const path = `/issue/${issue.key}/transitions`;
      expect((await call('alice', 'POST', path, { transition: { id: '11' } })).status).toBe(204);
      expect(issue.statusId).toBe('3');
      expect(lastHistory(issue)?.items).toEqual([
        expect.objectContaining({
          field: 'status',
          from: '10000',
          fromString: 'To Do',
          to: '3',
          toString: 'In Progress',
        }),
      ]);

      const done = await call('alice', 'POST', path, {
        transition: { id: '31' },
        fields: { resolution: { name: "Won't Do" } },
      });
      expect(done.status).toBe(204);
      let f = await fields(issue.key, '?fields=status,resolution,resolutiondate');
      expect(f).toMatchObject({ status: { name: 'Done' }, resolution: { name: "Won't Do" } });
      expect(f.resolutiondate).toMatch(/\+0000$/);
      expect(lastHistory(issue)?.items.map((i) => i.field)).toEqual(['resolution', 'status']);

      expect((await call('alice', 'POST', path, { transition: { id: '41' } })).status).toBe(204);
      f = await fields(issue.key, '?fields=status,resolution,resolutiondate');
      expect(f).toEqual({
        status: expect.objectContaining({ name: 'To Do' }),
        resolution: null,
        resolutiondate: null,
      });

      // Done without an explicit resolution gets Done.
      await call('alice', 'POST', path, { transition: { id: '11' } });
      await call('alice', 'POST', path, { transition: { id: '31' } });
      expect((await fields(issue.key, '?fields=resolution')).resolution).toMatchObject({ name: 'Done' });
    });

    it('refuses a transition the status does not offer, and fields not on a screen', async () => {
      const issue = pick(inStatus('10000'));
      const path = `/issue/${issue.key}/transitions`;
      const invalid = await call('alice', 'POST', path, { transition: { id: '99' } });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toEqual({
        errorMessages: ["Transition id '99' is not valid for this issue."],
        errors: {},
      });
      const notOffered = await call('alice', 'POST', path, { transition: { id: '31' } });
      expect(notOffered.body).toEqual({
        errorMessages: ["Transition id '31' is not valid for this issue."],
        errors: {},
      });
      const resolution = await call('alice', 'POST', path, {
        transition: { id: '11' },
        fields: { resolution: { name: 'Done' } },
      });
      expect(resolution.body).toEqual({
        errorMessages: [],
        errors: {
          resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      });
      expect(issue.statusId).toBe('10000');
    });
  });
});
