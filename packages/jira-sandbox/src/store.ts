// Indexes over SandboxData and the permission model every route and the JQL
// evaluator share, so "who may see what" is decided in exactly one place.
import type {
  SandboxBoard,
  SandboxCustomField,
  SandboxData,
  SandboxIssue,
  SandboxIssueType,
  SandboxPriority,
  SandboxProject,
  SandboxResolution,
  SandboxSprint,
  SandboxStatus,
  SandboxUser,
} from './model.ts';

export class SandboxStore {
  readonly data: SandboxData;
  readonly usersByKey = new Map<string, SandboxUser>();
  readonly usersByName = new Map<string, SandboxUser>();
  readonly usersByAccountId = new Map<string, SandboxUser>();
  readonly usersByToken = new Map<string, SandboxUser>();
  readonly usersByEmail = new Map<string, SandboxUser>();
  readonly projectsById = new Map<string, SandboxProject>();
  readonly projectsByKey = new Map<string, SandboxProject>();
  readonly issuesById = new Map<string, SandboxIssue>();
  readonly issuesByKey = new Map<string, SandboxIssue>();
  readonly statusesById = new Map<string, SandboxStatus>();
  readonly issueTypesById = new Map<string, SandboxIssueType>();
  readonly prioritiesById = new Map<string, SandboxPriority>();
  readonly resolutionsById = new Map<string, SandboxResolution>();
  readonly customFieldsById = new Map<string, SandboxCustomField>();
  readonly boardsById = new Map<number, SandboxBoard>();
  readonly sprintsById = new Map<number, SandboxSprint>();

  constructor(data: SandboxData) {
    this.data = data;
    for (const u of data.users) this.indexUser(u);
    for (const p of data.projects) {
      this.projectsById.set(p.id, p);
      this.projectsByKey.set(p.key, p);
    }
    for (const i of data.issues) this.indexIssue(i);
    for (const s of data.statuses) this.statusesById.set(s.id, s);
    for (const t of data.issueTypes) this.issueTypesById.set(t.id, t);
    for (const p of data.priorities) this.prioritiesById.set(p.id, p);
    for (const r of data.resolutions) this.resolutionsById.set(r.id, r);
    for (const f of data.customFields) this.customFieldsById.set(f.id, f);
    for (const b of data.boards) this.boardsById.set(b.id, b);
    for (const s of data.sprints) this.sprintsById.set(s.id, s);
  }

  private indexUser(u: SandboxUser): void {
    this.usersByKey.set(u.key, u);
    this.usersByName.set(u.name, u);
    this.usersByAccountId.set(u.accountId, u);
    this.usersByToken.set(u.token, u);
    this.usersByEmail.set(u.emailAddress.toLowerCase(), u);
  }

  indexIssue(issue: SandboxIssue): void {
    this.issuesById.set(issue.id, issue);
    this.issuesByKey.set(issue.key, issue);
  }

  /** Adds a newly created issue (POST /issue). */
  addIssue(issue: SandboxIssue): void {
    this.data.issues.push(issue);
    this.indexIssue(issue);
  }

  /** Browse Projects permission; null is the anonymous caller. */
  canBrowseProject(user: SandboxUser | null, project: SandboxProject): boolean {
    if (!user?.active) return false;
    return user.isAdmin || this.browseKeys(project).has(user.key);
  }

  // A Set per project: with --readers a project has thousands of browsers, and
  // a search checks each candidate issue. Rebuilt if the list ever changes length.
  private readonly browseSets = new WeakMap<SandboxProject, { length: number; keys: Set<string> }>();
  private browseKeys(project: SandboxProject): Set<string> {
    let cached = this.browseSets.get(project);
    if (!cached || cached.length !== project.browseUserKeys.length) {
      cached = { length: project.browseUserKeys.length, keys: new Set(project.browseUserKeys) };
      this.browseSets.set(project, cached);
    }
    return cached.keys;
  }

  /** Browse on the project plus membership of the issue's security level. */
  canSeeIssue(user: SandboxUser | null, issue: SandboxIssue): boolean {
    const project = this.projectsById.get(issue.projectId);
    if (!project || !this.canBrowseProject(user, project)) return false;
    if (issue.securityLevelId === null) return true;
    const level = this.data.securityLevels.find((l) => l.id === issue.securityLevelId);
    return level !== undefined && user !== null && level.memberKeys.includes(user.key);
  }

  visibleProjects(user: SandboxUser | null): SandboxProject[] {
    return this.data.projects.filter((p) => this.canBrowseProject(user, p));
  }

  /** Finds a user by Data Center name or key, or Cloud accountId. */
  findUser(ref: string): SandboxUser | undefined {
    return this.usersByName.get(ref) ?? this.usersByKey.get(ref) ?? this.usersByAccountId.get(ref);
  }

  /** Project by key (case-insensitive, as Jira) or id. */
  findProject(ref: string): SandboxProject | undefined {
    return this.projectsByKey.get(ref.toUpperCase()) ?? this.projectsById.get(ref);
  }

  /** Issue by key (case-insensitive) or id. */
  findIssue(ref: string): SandboxIssue | undefined {
    return this.issuesByKey.get(ref.toUpperCase()) ?? this.issuesById.get(ref);
  }
}
