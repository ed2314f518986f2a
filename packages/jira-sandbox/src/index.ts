// The sandbox's public face: what the gateway's CLI, demo, bench and tests
// may use. Everything else under src/ is the sandbox's own business.
export { authorizationFor } from './auth-header.ts';
// Who may see a restricted comment and who may write what, so tests can state
// what Jira would allow; groupId is a group's Cloud visibility identifier.
export { canSeeComment, groupId } from './comment-visibility.ts';
export { generateSandboxData, MAX_READERS } from './generate/index.ts';
export {
  INJECTABLE_STATUSES,
  type InjectableStatus,
  isInjectableStatus,
  type SandboxSettings,
} from './http.ts';
export { compileJql } from './jql/index.ts';
export type {
  CommentVisibility,
  Flavor,
  SandboxData,
  SandboxIssue,
  SandboxProject,
  SandboxSprint,
  SandboxUser,
} from './model.ts';
export { hasIssuePermission, hasProjectPermission, type ProjectPermission } from './permission-scheme.ts';
export { CLOUD_RATE_LIMIT_REASONS, type CloudRateLimitReason, isCloudRateLimitReason } from './rate-limit.ts';
// The sandbox's own renderings, so tests can state what Jira would answer.
export { wikiToAdf, wikiToHtml } from './representation/adf.ts';
export { formatDuration } from './representation/durations.ts';
export { availableTransitions } from './representation/issue-sub-resources.ts';
export {
  defaultSettings,
  type RunningSandbox,
  type SandboxOptions,
  type SandboxStats,
  startSandbox,
} from './server.ts';
export { SandboxStore } from './store.ts';
