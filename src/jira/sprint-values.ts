// Sprints as Jira's JSON carries them: the agile API's sprint, and the values
// of the Sprint custom field, which Cloud sends as objects and Data Center as
// legacy strings, read into the agile API's shape so one Sprint type serves both.
import { type JiraJson, objOrNull, str } from './json.ts';

/** The board a sprint belongs to: the agile API's originBoardId, Cloud's field value's boardId, or DC's rapidViewId. */
export function sprintBoardId(sprint: JiraJson): string | null {
  const id = sprint.originBoardId ?? sprint.boardId ?? sprint.rapidViewId;
  return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? String(id) : null;
}

/** Data Center's legacy Sprint value: com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=1,rapidViewId=1,state=ACTIVE,...]. */
function parseLegacySprint(text: string): JiraJson | null {
  const open = text.indexOf('[');
  if (open === -1 || !text.endsWith(']')) return null;
  const out: JiraJson = {};
  // Values may hold commas (a goal); a new pair starts only where ",word=" follows.
  for (const pair of text.slice(open + 1, -1).split(/,(?=[A-Za-z]+=)/)) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const value = pair.slice(eq + 1);
    out[pair.slice(0, eq)] = value === '<null>' ? null : value;
  }
  if (typeof out.id !== 'string' || !/^\d+$/.test(out.id)) return null;
  return out;
}

/**
 * One value of the Sprint custom field as a sprint in the agile API's shape
 * (id, name, state, dates, goal, originBoardId): Cloud sends objects, Data
 * Center legacy strings. Null for anything else.
 */
export function sprintFromFieldValue(item: unknown): JiraJson | null {
  const raw = typeof item === 'string' ? parseLegacySprint(item) : objOrNull(item);
  if (raw === null || raw.id === undefined || raw.id === null) return null;
  const out: JiraJson = {
    id: Number(raw.id),
    name: str(raw.name),
    state: str(raw.state).toLowerCase(),
  };
  for (const key of ['startDate', 'endDate', 'completeDate', 'goal'] as const) {
    if (raw[key] !== null && raw[key] !== undefined && raw[key] !== '') out[key] = raw[key];
  }
  const board = sprintBoardId(raw);
  if (board !== null) out.originBoardId = Number(board);
  return out;
}
