// The last check on a project-restricted token's searches: every issue Jira
// answers is looked at before anyone sees it. A correctly narrowed search can
// never return an issue of another project, so one that does means the
// narrowing failed (a JQL-reading bug): the whole answer is withheld rather
// than filtered, since a filtered page would still leak through its total.

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
export function issueProjectKey(issue: Readonly<Record<string, unknown>>): string | null {
  const fields = issue.fields;
  if (typeof fields !== 'object' || fields === null) return null;
  const project = (fields as Record<string, unknown>).project;
  if (typeof project !== 'object' || project === null) return null;
  const key = (project as Record<string, unknown>).key;
  return typeof key === 'string' ? key.toUpperCase() : null;
}

/** The Jira fields to ask for: `project` added when the answer will be checked against projects. */
export function withProjectField(fields: readonly string[], projects: readonly string[] | null): string[] {
  return projects === null || fields.includes('project') ? [...fields] : [...fields, 'project'];
}

/** Throws RestrictionBreachError unless every issue is in one of `projects` (null: no restriction). */
export function assertWithinProjects(
  issues: readonly Readonly<Record<string, unknown>>[],
  projects: readonly string[] | null,
): void {
  if (projects === null) return;
  const allowed = new Set(projects.map((p) => p.toUpperCase()));
  for (const issue of issues) {
    const key = issueProjectKey(issue);
    // An issue without its project cannot be shown to be inside: fail closed.
    if (key === null || !allowed.has(key)) throw new RestrictionBreachError(key, [...allowed]);
  }
}
