// Identities: Jira accounts known to jgg. Linking checks the caller's own Jira
// credential against Jira /myself and stores it sealed; every later Jira call
// for that identity opens it again. Nothing here ever logs the credential.
import { type Keyring, openSecret, sealSecret } from '../auth/keyring.ts';
import type { IdentityRecord, JiraFlavor, TokenStore } from '../tokens/store.ts';

export type JiraCredential =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; email: string; token: string };

/** The part of the Jira client linking needs. */
export interface JiraAccountLookup {
  myself(credential: JiraCredential): Promise<{
    accountId: string;
    name: string | null;
    displayName: string;
    emailAddress: string | null;
  }>;
}

export class IdentityInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

export interface IdentityServiceDeps {
  store: TokenStore;
  keyring: Keyring;
  jira: JiraAccountLookup;
  flavor: JiraFlavor;
  /** Told when an identity's cached sessions must go (credential changed or died). */
  onIdentityChanged?: (identityId: string) => void;
  now?: () => Date;
}

export interface LinkRequest {
  jiraToken: string;
  /** Cloud logs in with email + API token; Data Center needs only the token. */
  email?: string | null;
}

export function createIdentityService(deps: IdentityServiceDeps) {
  const now = deps.now ?? (() => new Date());
  // Each identity record's opened credential, for as long as the record is in
  // memory (the token cache keeps it for JGG_TOKEN_CACHE_MS): opening is an
  // AES-GCM decryption and a JSON parse, which every request paid before.
  // The secret key that opens it is in memory anyway; a relinked identity
  // comes as a new record, and a changed sealed value is opened afresh.
  const opened = new WeakMap<IdentityRecord, { sealed: string; credential: JiraCredential }>();

  function credentialFrom(request: LinkRequest): JiraCredential {
    const token = request.jiraToken.trim();
    if (token === '') throw new IdentityInputError('jiraToken must not be empty.');
    if (deps.flavor === 'cloud') {
      const email = request.email?.trim();
      if (!email)
        throw new IdentityInputError('Jira Cloud needs the email address that goes with the API token.');
      return { kind: 'basic', email, token };
    }
    return { kind: 'bearer', token };
  }

  return {
    /** Verifies the credential with Jira and stores (or refreshes) the identity. Jira's errors pass through. */
    async link(
      request: LinkRequest,
      audit: { actorId: string | null; ip: string | null },
    ): Promise<IdentityRecord> {
      const credential = credentialFrom(request);
      const user = await deps.jira.myself(credential);
      const at = now();
      const identity = await deps.store.upsertIdentity(
        {
          flavor: deps.flavor,
          jiraAccountId: user.accountId,
          jiraName: user.name,
          displayName: user.displayName,
          email: user.emailAddress,
          sealedCredential: sealSecret(JSON.stringify(credential), deps.keyring),
        },
        at,
      );
      deps.onIdentityChanged?.(identity.id);
      await deps.store.appendAudit({
        at,
        actorId: audit.actorId ?? identity.id,
        action: 'identity.link',
        targetType: 'identity',
        targetId: identity.id,
        ip: audit.ip,
        details: {
          jiraAccountId: identity.jiraAccountId,
          jiraName: identity.jiraName,
          flavor: identity.flavor,
        },
      });
      return identity;
    },

    credentialOf(identity: IdentityRecord): JiraCredential {
      const known = opened.get(identity);
      if (known?.sealed === identity.sealedCredential) return known.credential;
      const credential = JSON.parse(openSecret(identity.sealedCredential, deps.keyring)) as JiraCredential;
      opened.set(identity, { sealed: identity.sealedCredential, credential });
      return credential;
    },

    /** Jira stopped accepting the stored credential: mark it, audit it, drop cached sessions. */
    async markCredentialInvalid(identity: IdentityRecord, ip: string | null): Promise<void> {
      if (identity.credentialInvalidAt !== null) return;
      const at = now();
      await deps.store.markCredentialInvalid(identity.id, at);
      deps.onIdentityChanged?.(identity.id);
      await deps.store.appendAudit({
        at,
        actorId: null,
        action: 'identity.credential_invalid',
        targetType: 'identity',
        targetId: identity.id,
        ip,
        details: { jiraAccountId: identity.jiraAccountId },
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
