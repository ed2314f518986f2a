// The sandbox's custom field values as each flavour serialises them: story
// points, epic link, sprints (Data Center's legacy string, Cloud's objects),
// select options and multi-user pickers.
import type { SandboxCustomField, SandboxIssue, SandboxSprint } from '../model.ts';
import { apiUrl, type IssueView, type Json, userRefJson } from './issue-view.ts';

function isoDateTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The legacy toString form Data Center still returns for the Sprint field. */
function legacySprintString(sprint: SandboxSprint): string {
  const date = (ms: number | null): string => (ms === null ? '<null>' : new Date(ms).toISOString());
  const hash = ((sprint.id * 2654435761) >>> 0).toString(16);
  return (
    `com.atlassian.greenhopper.service.sprint.Sprint@${hash}[id=${sprint.id},rapidViewId=${sprint.originBoardId},` +
    `state=${sprint.state.toUpperCase()},name=${sprint.name},startDate=${date(sprint.startDate)},` +
    `endDate=${date(sprint.endDate)},completeDate=${date(sprint.completeDate)},` +
    `activatedDate=${date(sprint.startDate)},sequence=${sprint.id},goal=${sprint.goal},synced=false,` +
    'autoStartStop=false,incompleteIssuesDestinationId=<null>]'
  );
}

function cloudSprintJson(sprint: SandboxSprint): Json {
  const out: Json = { id: sprint.id, name: sprint.name, state: sprint.state, boardId: sprint.originBoardId };
  out.goal = sprint.goal;
  if (sprint.startDate !== null) out.startDate = isoDateTime(sprint.startDate);
  if (sprint.endDate !== null) out.endDate = isoDateTime(sprint.endDate);
  if (sprint.completeDate !== null) out.completeDate = isoDateTime(sprint.completeDate);
  return out;
}

export function customFieldValue(field: SandboxCustomField, issue: SandboxIssue, view: IssueView): unknown {
  const raw = issue.customFields[field.id] ?? null;
  if (raw === null) return null;
  switch (field.kind) {
    case 'storyPoints':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'epicLink':
      return String(raw);
    case 'sprint': {
      const sprints = (Array.isArray(raw) ? raw : [raw]).flatMap((id) => {
        const sprint = view.store.sprintsById.get(Number(id));
        return sprint ? [sprint] : [];
      });
      if (sprints.length === 0) return null;
      return sprints.map((s) => (view.flavor === 'cloud' ? cloudSprintJson(s) : legacySprintString(s)));
    }
    case 'select': {
      const option = field.options?.find((o) => o.id === String(raw));
      if (!option) return null;
      const out: Json = {
        self: `${apiUrl(view)}/customFieldOption/${option.id}`,
        value: option.value,
        id: option.id,
      };
      if (view.flavor === 'datacenter') out.disabled = false;
      return out;
    }
    case 'multiUser': {
      const users = (Array.isArray(raw) ? raw : [raw]).flatMap((key) => userRefJson(String(key), view) ?? []);
      return users.length > 0 ? users : null;
    }
  }
}
