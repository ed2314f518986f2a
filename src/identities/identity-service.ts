// Identities: Jira accounts known to jgg. Linking checks the caller's own Jira
// credential against Jira /myself and stores it sealed; every later Jira call
// for that identity opens it again. Nothing here ever logs the credential.
import { type Keyring, openSecret, sealSecret } from '../auth/keyring.ts';
import { PublicError } from '../errors.ts';
import { JiraCredentialInvalidError } from '../jira/errors.ts';
import type { JiraCredential, JiraFlavor } from '../jira/types.ts';
import type { IdentityRecord, TokenStore } from '../store/store.ts';

/** The part of the Jira client linking needs. */
export interface JiraAccountLookup {
  myself(credential: JiraCredential): Promise<{
    accountId: string;
    name: string | null;
    displayName: string;
    emailAddress: string | null;
  }>;
}

/** A credential or email that cannot be linked: the caller's to fix. */
export class IdentityInputError extends PublicError<'BAD_USER_INPUT'> {
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
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

/**
 * What Jira /myself says of a credential another call saw refused: `invalid`
 * (refused again: marked), `accepted` (the refusal was a glitch), or
 * `unconfirmed` (/myself failed some other way, so nothing is known).
 */
export type CredentialCheck = 'invalid' | 'accepted' | 'unconfirmed';

/** Who links an identity, for the audit log. */
export type LinkActor =
  /** A person signing in with their own Jira credential: the identity itself. */
  | { kind: 'self'; ip: string | null }
  /** An operator on the host, through the CLI (no identity acts). */
  | { kind: 'cli' };

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
  /** The /myself checks in flight, by identity id and sealed credential. */
  const checking = new Map<string, Promise<CredentialCheck>>();

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
    async link(request: LinkRequest, actor: LinkActor): Promise<IdentityRecord> {
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
        // The CLI is no identity: no actor id, and the details say it was the CLI (as token-service does).
        actorId: actor.kind === 'self' ? identity.id : null,
        action: 'identity.link',
        targetType: 'identity',
        targetId: identity.id,
        ip: actor.kind === 'self' ? actor.ip : null,
        details: {
          jiraAccountId: identity.jiraAccountId,
          jiraName: identity.jiraName,
          flavor: identity.flavor,
          via: actor.kind === 'self' ? 'sign-in' : 'cli',
        },
      });
      return identity;
    },

    credentialOf,

    /**
     * A Jira call with this identity's credential was refused (401, or Data
     * Center serving it as anonymous). One refusal may be a glitch (a proxy, a
     * node of a cluster restarting), and marking the identity locks its person
     * out until they link again. So /myself is asked first, and the identity
     * is marked only when Jira refuses the credential there too. One check per
     * identity and credential at a time: a burst of refusals shares it.
     */
    confirmCredentialRejected(identity: IdentityRecord, ip: string | null): Promise<CredentialCheck> {
      if (identity.credentialInvalidAt !== null) return Promise.resolve('invalid');
      const key = `${identity.id}|${identity.sealedCredential}`;
      let check = checking.get(key);
      if (!check) {
        check = checkCredential(identity, ip).finally(() => checking.delete(key));
        checking.set(key, check);
      }
      return check;
    },

    markCredentialInvalid,
  };

  function credentialOf(identity: IdentityRecord): JiraCredential {
    const known = opened.get(identity);
    if (known?.sealed === identity.sealedCredential) return known.credential;
    const credential = JSON.parse(openSecret(identity.sealedCredential, deps.keyring)) as JiraCredential;
    opened.set(identity, { sealed: identity.sealedCredential, credential });
    return credential;
  }

  async function checkCredential(identity: IdentityRecord, ip: string | null): Promise<CredentialCheck> {
    try {
      await deps.jira.myself(credentialOf(identity));
      return 'accepted';
    } catch (error) {
      // A 5xx, a timeout, a network failure: nothing learnt about the credential.
      if (!(error instanceof JiraCredentialInvalidError)) return 'unconfirmed';
      await markCredentialInvalid(identity, ip);
      return 'invalid';
    }
  }

  /** Jira stopped accepting the stored credential: mark it, audit it, drop cached sessions. */
  async function markCredentialInvalid(identity: IdentityRecord, ip: string | null): Promise<void> {
    if (identity.credentialInvalidAt !== null) return;
    const at = now();
    // Only while the identity still holds this credential: a relink meanwhile wins.
    await deps.store.markCredentialInvalid(identity.id, at, identity.sealedCredential);
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
  }
}

export type IdentityService = ReturnType<typeof createIdentityService>;
