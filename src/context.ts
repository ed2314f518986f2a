// The per-request GraphQL context: who is calling (the session), from where,
// and the services resolvers use. Built by app.ts for every request.
import type { Logger } from 'pino';
import type { Session } from './tokens/authenticator.ts';
import type { Scope } from './auth/scopes.ts';
import type { SignInFailureAudit } from './identities/sign-in-failure-audit.ts';
import type { SignInThrottle } from './identities/sign-in-throttle.ts';
import type { IdentityService } from './identities/identity-service.ts';
import type { JiraClient } from './jira/client.ts';
import type { JiraReader } from './jira/reader.ts';
import type { TokenStore } from './store/store.ts';
import type { TokenService } from './tokens/token-service.ts';

export interface Services {
  store: TokenStore;
  tokens: TokenService;
  identities: IdentityService;
  jira: JiraClient;
  signInThrottle: SignInThrottle;
  signInFailures: SignInFailureAudit;
}

export interface GatewayContext {
  /** null only for the signIn mutation, the one operation allowed without a token. */
  session: Session | null;
  /** The session's scopes for the shield rules; null without a token. */
  scopes: ReadonlySet<Scope> | null;
  requestId: string;
  clientIp: string;
  services: Services;
  /** The caller's view of Jira (own credential, cache partition, deadline); null without a session. */
  jira: JiraReader | null;
  /** Caller-written JQL: refused beyond this many characters (JGG_MAX_JQL_LENGTH). */
  jql: { readonly maxLength: number };
  /** For security events a resolver must record (an answer withheld); never given secrets. */
  logger: Logger;
  /** Per-request DataLoaders, by name (see schema/loaders.ts). */
  loaders: Map<string, unknown>;
}
