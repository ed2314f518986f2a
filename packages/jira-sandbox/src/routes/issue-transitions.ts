// An issue's workflow transitions: GET .../transitions (those offered from its
// status, to a caller with Transition Issues) and POST .../transitions
// (status, resolution, and a comment riding along). Resolve Issues has the
// same holders as Transition Issues, so setting a resolution needs no check of its own.
import {
  asObject,
  fieldErrors,
  isRouteResult,
  jiraError,
  noContent,
  ok,
  type RouteContext,
  type RouteResult,
} from '../http.ts';
import type { SandboxChangeItem } from '../model.ts';
import { offeredTransitions, transitionJson } from '../representation/issue-sub-resources.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { cannotBeSet, catalogRef } from './issue-field-setters.ts';
import { changeItem, recordHistory, writeClock } from './issue-history.ts';
import { collectOperations, planChanges } from './issue-update.ts';

export function getTransitions(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  const only = ctx.query.get('transitionId');
  const transitions = offeredTransitions(issue, ctx).filter((t) => only === null || t.id === only);
  return ok({ expand: 'transitions', transitions: transitions.map((t) => transitionJson(t, ctx)) });
}

export function doTransition(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const { issue, user } = target;
  const body = asObject(ctx.body) ?? {};
  const rawId = asObject(body.transition)?.id;
  if (rawId === undefined || rawId === null) return jiraError(400, ["Missing 'transition' identifier"]);
  const id = String(rawId);
  if (!/^\d+$/.test(id)) return jiraError(400, ["'transition' identifier must be an integer"]);
  // Without Transition Issues none is offered, so every id is refused alike.
  const transition = offeredTransitions(issue, ctx).find((t) => t.id === id);
  if (!transition) return jiraError(400, [`Transition id '${id}' is not valid for this issue.`]);

  const store = ctx.store;
  const to = store.statusesById.get(transition.toStatusId);
  const entersDone = to?.categoryKey === 'done';
  const ops = collectOperations(body);
  const resolutionOps = ops.get('resolution');
  ops.delete('resolution');
  const errors: Record<string, string> = {};
  let resolutionId = issue.resolutionId;
  if (resolutionOps && !entersDone) errors.resolution = cannotBeSet('resolution');
  else if (resolutionOps) {
    const found = catalogRef(resolutionOps[resolutionOps.length - 1]?.value, store.data.resolutions);
    if (found === 'none' || !found) errors.resolution = 'The resolution selected is invalid.';
    else resolutionId = found.id;
  } else {
    // Done gets the default resolution; leaving Done clears it.
    resolutionId = entersDone ? (issue.resolutionId ?? store.data.resolutions[0]?.id ?? null) : null;
  }
  // The sandbox's transitions have no screens: only comments may ride along.
  const plan = planChanges(ctx, issue, ops, (field) => field === 'comment');
  if (!Array.isArray(plan)) Object.assign(errors, plan);
  if (Object.keys(errors).length > 0 || !Array.isArray(plan)) return fieldErrors(errors);

  const now = writeClock(store);
  const items: SandboxChangeItem[] = [];
  if (resolutionId !== issue.resolutionId) {
    const name = (rid: string | null): string | null =>
      rid === null ? null : (store.resolutionsById.get(rid)?.name ?? null);
    items.push(
      changeItem(
        'resolution',
        'resolution',
        issue.resolutionId,
        name(issue.resolutionId),
        resolutionId,
        name(resolutionId),
      ),
    );
  }
  const from = store.statusesById.get(issue.statusId);
  items.push(
    changeItem(
      'status',
      'status',
      issue.statusId,
      from?.name ?? null,
      transition.toStatusId,
      to?.name ?? null,
    ),
  );
  issue.statusId = transition.toStatusId;
  if (resolutionId !== issue.resolutionId || !entersDone) issue.resolutionDate = entersDone ? now : null;
  issue.resolutionId = resolutionId;
  for (const change of plan) change.apply();
  recordHistory(store, issue, user, items, now);
  return noContent();
}
