// The last check on a project-restricted token's searches: every issue Jira
// answers is looked at before anyone sees it. A correctly narrowed search can
// never return an issue of another project, so one that does means the
// narrowing failed (a JQL-reading bug): the whole answer is withheld rather
// than filtered, since a filtered page would still leak through its total.

import { type JiraJson, obj } from './json.ts';

/** A search answered an issue outside the token's projects; the answer must be withheld. */
export class RestrictionBreachError extends Error {
  override readonly name = 'RestrictionBreachError';
  constructor(
    /** The project the stray issue was in (null when Jira sent none); safe to log. */
    readonly projectKey: string | null,
    readonly allowed: readonly string[],
  ) {
    super(
      `A project-restricted search answered an issue of ${projectKey ?? 'an unknown project'} (allowed: ${allowed.join(', ')}).`,
    );
  }
}

/** The upper-case project key of an issue bean's fields.project; null when absent. */
export function issueProjectKey(issue: Readonly<JiraJson>): string | null {
  const key = obj(obj(issue.fields).project).key;
  return typeof key === 'string' ? key.toUpperCase() : null;
}

/** The Jira fields to ask for: `project` added when the answer will be checked against projects. */
export function withProjectField(fields: readonly string[], projects: readonly string[] | null): string[] {
  return projects === null || fields.includes('project') ? [...fields] : [...fields, 'project'];
}

/** Whether the issue is in one of `allowed` (upper-case keys); one without its project cannot be shown to be: fail closed. */
function isWithin(issue: Readonly<JiraJson>, allowed: ReadonlySet<string>): boolean {
  const key = issueProjectKey(issue);
  return key !== null && allowed.has(key);
}

const upperCased = (projects: readonly string[]): Set<string> =>
  new Set(projects.map((p) => p.toUpperCase()));

/** Throws RestrictionBreachError unless every issue is in one of `projects` (null: no restriction). */
export function assertWithinProjects(
  issues: readonly Readonly<JiraJson>[],
  projects: readonly string[] | null,
): void {
  if (projects === null) return;
  const allowed = upperCased(projects);
  const stray = issues.find((issue) => !isWithin(issue, allowed));
  if (stray) throw new RestrictionBreachError(issueProjectKey(stray), [...allowed]);
}

/** The issues in one of `projects` (null: all of them), for reads where each issue is its own answer. */
export function keepWithinProjects<T extends Readonly<JiraJson>>(
  issues: readonly T[],
  projects: readonly string[] | null,
): T[] {
  if (projects === null) return [...issues];
  const allowed = upperCased(projects);
  return issues.filter((issue) => isWithin(issue, allowed));
}
