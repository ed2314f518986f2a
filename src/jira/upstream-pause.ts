// Holding calls back after Jira said 429, instead of asking again at once.
// Jira's answer says how long (Retry-After, or X-RateLimit-Reset) and, on
// Cloud, what is limited (RateLimit-Reason; "Rate limiting", Jira Cloud
// platform REST API): a burst limit one caller, a tenant or global quota the
// whole site, the per-issue write limit writes to one issue. Data Center
// limits each user and names no reason. Until the pause ends, a call in its
// scope fails at once, with no request to Jira.
//
// Pauses live in this process only: they last seconds, Jira says them again
// to any instance that asks, and sharing them would put Redis on every Jira
// call's path for little gain.

/** What a pause holds back. */
export type PauseScope =
  /** Every call made with one caller's credential. */
  | 'identity'
  /** Writes to one issue, whoever makes them. */
  | 'issue'
  /** Every call to this Jira. */
  | 'site';

/** A call about to go to Jira, as the pauses see it. */
export interface PausableCall {
  /** Whose credential it carries: a fingerprint, never the credential (credentialFingerprint). */
  caller: string;
  /** Whether it may change Jira (not a GET, not a read-by-POST). */
  write: boolean;
  /** The issue a write goes to (its key upper-cased, or its id), null when it names none. */
  issue: string | null;
}

export interface UpstreamPause {
  scope: PauseScope;
  /** Jira's RateLimit-Reason, null when it sent none (Data Center). */
  reason: string | null;
  /** When calls in the scope may go to Jira again (epoch ms). */
  resumeAt: number;
  /** The issue of an 'issue' pause. */
  issue: string | null;
}

export interface UpstreamPauses {
  /** The pause that holds `call` back now (the one ending last), or null. */
  holding(call: PausableCall): UpstreamPause | null;
  /** Records Jira's 429 to `call`: pauses the scope its reason names until `resumeAt` (capped). */
  note(call: PausableCall, reason: string | null, resumeAt: number): UpstreamPause;
}

export interface UpstreamPauseOptions {
  now?: () => number;
  /** The longest pause kept, whatever Jira says (default 1 h: Cloud's quotas are hourly). */
  maxPauseMs?: number;
}

/** What Jira's RateLimit-Reason limits (null: Data Center's per-user limit, or none sent). */
export function pauseScopeOf(reason: string | null, call: PausableCall): PauseScope {
  switch (reason) {
    case 'jira-quota-tenant-based':
    case 'jira-quota-global-based':
      return 'site';
    case 'jira-per-issue-on-write':
      // Jira limits writes to the issue; a write whose path names none is held by its caller.
      return call.write && call.issue !== null ? 'issue' : 'identity';
    default:
      // jira-burst-based (Jira scopes it to one endpoint and method; the gateway
      // holds the caller's every call, the pause being a second or two), Data
      // Center's per-user limit, and any reason Jira adds later.
      return 'identity';
  }
}

export function createUpstreamPauses(options: UpstreamPauseOptions = {}): UpstreamPauses {
  const now = options.now ?? Date.now;
  const maxPauseMs = options.maxPauseMs ?? 3_600_000;
  // Keyed 'site', 'identity:<caller>' or 'issue:<issue>'. An entry lives until
  // its pause ends; note() sweeps ended ones, so the map holds only what Jira
  // is limiting right now.
  const pauses = new Map<string, UpstreamPause>();

  function live(key: string, t: number): UpstreamPause | null {
    const pause = pauses.get(key);
    if (!pause) return null;
    if (pause.resumeAt > t) return pause;
    pauses.delete(key);
    return null;
  }

  return {
    holding(call) {
      // Nothing is paused almost always: one size check, no string built.
      if (pauses.size === 0) return null;
      const t = now();
      let found = live('site', t);
      const mine = live(`identity:${call.caller}`, t);
      if (mine && (!found || mine.resumeAt > found.resumeAt)) found = mine;
      if (call.write && call.issue !== null) {
        const issue = live(`issue:${call.issue}`, t);
        if (issue && (!found || issue.resumeAt > found.resumeAt)) found = issue;
      }
      return found;
    },

    note(call, reason, resumeAt) {
      const t = now();
      for (const [key, pause] of pauses) if (pause.resumeAt <= t) pauses.delete(key);
      const scope = pauseScopeOf(reason, call);
      const issue = scope === 'issue' ? call.issue : null;
      const key =
        scope === 'site' ? 'site' : scope === 'issue' ? `issue:${issue}` : `identity:${call.caller}`;
      const until = Math.min(resumeAt, t + maxPauseMs);
      const existing = pauses.get(key);
      // Concurrent 429s: the pause ends when the latest of them says.
      if (existing && existing.resumeAt >= until) return existing;
      const pause: UpstreamPause = { scope, reason, resumeAt: until, issue };
      pauses.set(key, pause);
      return pause;
    },
  };
}

/**
 * The issue a REST path writes to: /rest/api/{2,3}/issue/{key or id}[/...],
 * the key upper-cased (Jira's keys are case-insensitive). Null for paths that
 * name no single issue (creating one, Agile's bulk moves).
 */
export function issueOfPath(path: string): string | null {
  const match = /^\/rest\/api\/(?:2|3|latest)\/issue\/([^/?]+)/.exec(path);
  if (!match) return null;
  let ref: string;
  try {
    ref = decodeURIComponent(match[1] as string);
  } catch {
    return null;
  }
  if (/^\d+$/.test(ref)) return ref;
  return /^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(ref) ? ref.toUpperCase() : null;
}
