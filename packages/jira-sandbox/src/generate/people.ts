// The sandbox's people: the fixed users with their tokens and roles' keys,
// the optional readers for load tests, and who still had an account at a
// given time (an inactive user owns old issues but acts on nothing after
// they left).
import { createHash } from 'node:crypto';
import type { SandboxData, SandboxUser } from '../model.ts';
import { DAY } from './calendar.ts';
import type { Rng } from './random.ts';

/** At most this many readers: keys JIRAUSER20001.. stay clear of the catalogue's. */
export const MAX_READERS = 10_000;

interface UserSpec {
  name: string;
  displayName: string;
  timeZone: string;
  isAdmin: boolean;
  /** Days before now the account was deactivated; null while active. Lets an
   *  inactive user own old issues without acting after they left. */
  deactivatedDaysAgo: number | null;
}

const USER_SPECS: readonly UserSpec[] = [
  { name: 'admin', displayName: 'Ada Admin', timeZone: 'UTC', isAdmin: true, deactivatedDaysAgo: null },
  {
    name: 'alice',
    displayName: 'Alice Anderson',
    timeZone: 'Europe/Berlin',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'bob',
    displayName: 'Bob Brown',
    timeZone: 'America/New_York',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'carol',
    displayName: 'Carol Clark',
    timeZone: 'Europe/London',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'dave',
    displayName: 'Dave Davis',
    timeZone: 'Asia/Tokyo',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'erin',
    displayName: 'Erin Evans',
    timeZone: 'Australia/Sydney',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  { name: 'frank', displayName: 'Frank Foster', timeZone: 'UTC', isAdmin: false, deactivatedDaysAgo: 120 },
];

/** A user's fixed personal access token: 32 sha256 bytes are 44 base64 characters, like a Jira PAT. */
export function sandboxToken(name: string): string {
  return createHash('sha256').update(`jgg-sandbox:${name}`).digest('base64');
}

/** A user's fixed Cloud accountId, shaped like real ones (24 hex characters). */
export function sandboxAccountId(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 24);
}

export function userKey(name: string): string {
  const index = USER_SPECS.findIndex((u) => u.name === name);
  if (index < 0) throw new Error(`unknown sandbox user ${name}`);
  return `JIRAUSER${10000 + index}`;
}

export function buildUsers(): SandboxUser[] {
  return USER_SPECS.map((spec, index) => ({
    key: `JIRAUSER${10000 + index}`,
    name: spec.name,
    accountId: sandboxAccountId(spec.name),
    displayName: spec.displayName,
    emailAddress: `${spec.name}@example.com`,
    token: sandboxToken(spec.name),
    active: spec.deactivatedDaysAgo === null,
    timeZone: spec.timeZone,
    isAdmin: spec.isAdmin,
    groups: spec.isAdmin ? ['jira-administrators', 'jira-software-users'] : ['jira-software-users'],
  }));
}

/** Extra read-only users reader1..readerN: the Users role, so Browse, in every project. */
export function addReaders(data: SandboxData, count: number): void {
  for (const project of data.projects) project.roles.Users ??= [];
  for (let i = 1; i <= count; i++) {
    const name = `reader${i}`;
    const key = `JIRAUSER${20000 + i}`;
    data.users.push({
      key,
      name,
      accountId: sandboxAccountId(name),
      displayName: `Reader ${i}`,
      emailAddress: `${name}@example.com`,
      token: sandboxToken(name),
      active: true,
      timeZone: 'UTC',
      isAdmin: false,
      groups: ['jira-software-users'],
    });
    for (const project of data.projects) {
      project.browseUserKeys.push(key);
      project.roles.Users?.push(key);
    }
  }
}

/** The users of a project (or of one of its security levels) who may work on its issues. */
export interface UserPool {
  all: SandboxUser[];
}

/** Who could act when: pools filtered by the accounts' deactivation times. */
export class Roster {
  private readonly deactivatedAt = new Map<string, number>();
  /** Earliest deactivation; before it every pool is used unfiltered. */
  private readonly firstDeactivation: number;

  constructor(
    private readonly rng: Rng,
    now: number,
  ) {
    for (const [i, spec] of USER_SPECS.entries()) {
      if (spec.deactivatedDaysAgo !== null) {
        this.deactivatedAt.set(`JIRAUSER${10000 + i}`, now - spec.deactivatedDaysAgo * DAY);
      }
    }
    this.firstDeactivation = Math.min(Number.POSITIVE_INFINITY, ...this.deactivatedAt.values());
  }

  /** Users of the pool who still had an account at time t. */
  usersAt(pool: UserPool, t: number): SandboxUser[] {
    if (t < this.firstDeactivation) return pool.all;
    return pool.all.filter((u) => {
      const gone = this.deactivatedAt.get(u.key);
      return gone === undefined || t < gone;
    });
  }

  /** The preferred user (the assignee) when they could act at time t, otherwise someone who could. */
  actorAt(pool: UserPool, preferred: SandboxUser | null, t: number): SandboxUser {
    const users = this.usersAt(pool, t);
    if (preferred !== null && users.includes(preferred)) return preferred;
    return this.rng.pick(users);
  }
}
