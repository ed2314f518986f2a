// Jira users as the gateway shows them: accountId and displayName to anyone
// who may see the user at all, details with users:read, email with users:email.
// Query.user looks one up: by accountId (the Cloud accountId, or the Data
// Center user key) or, on Data Center, by username.
import { authenticated, requires } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import { JiraError } from '../jira/errors.ts';
import { builder } from './builder.ts';
import { callJira } from './jira-call.ts';

export interface UserShape {
  accountId: string;
  name: string | null;
  displayName: string;
  emailAddress: string | null;
  active: boolean;
  /** Known when the user came from Jira's JSON; the viewer's stored identity has neither. */
  timeZone?: string | null;
  avatarUrl?: string | null;
}

const details = requires('users:read');

export const UserRef = builder.objectRef<UserShape>('User').implement({
  description: 'A Jira user. accountId is the Cloud accountId or the Data Center user key.',
  fields: (t) => ({
    accountId: t.exposeID('accountId', { extensions: authenticated() }),
    displayName: t.exposeString('displayName', { extensions: authenticated() }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'The Data Center username; null on Cloud.',
      extensions: details,
    }),
    active: t.exposeBoolean('active', { extensions: details }),
    emailAddress: t.exposeString('emailAddress', { nullable: true, extensions: requires('users:email') }),
    timeZone: t.string({
      nullable: true,
      description: "The user's time zone (e.g. Europe/Berlin), when Jira shows it.",
      extensions: details,
      resolve: (u) => u.timeZone ?? null,
    }),
    avatarUrl: t.string({
      nullable: true,
      description: "The URL of the user's 48x48 avatar.",
      extensions: details,
      resolve: (u) => u.avatarUrl ?? null,
    }),
  }),
});

/** The largest avatar Jira lists (48x48), from an avatarUrls object. */
export function avatarUrlOf(avatarUrls: unknown): string | null {
  if (typeof avatarUrls !== 'object' || avatarUrls === null) return null;
  const urls = avatarUrls as Record<string, unknown>;
  for (const size of ['48x48', '32x32', '24x24', '16x16']) {
    const url = urls[size];
    if (typeof url === 'string') return url;
  }
  return null;
}

/** A user as Jira embeds it: Data Center by key and name, Cloud by accountId. */
export function jiraUser(raw: unknown): UserShape | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const id = o.accountId ?? o.key;
  if (typeof id !== 'string') return null;
  return {
    accountId: id,
    name: typeof o.name === 'string' ? o.name : null,
    displayName: typeof o.displayName === 'string' ? o.displayName : id,
    emailAddress: typeof o.emailAddress === 'string' ? o.emailAddress : null,
    active: o.active !== false,
    timeZone: typeof o.timeZone === 'string' ? o.timeZone : null,
    avatarUrl: avatarUrlOf(o.avatarUrls),
  };
}

builder.queryField('user', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description:
      'A Jira user, by accountId (the Cloud accountId or the Data Center user key) or, on Data Center, ' +
      'by username: exactly one of the two. A user Jira does not know (or will not show) answers null ' +
      'with a NOT_FOUND error.',
    extensions: details,
    args: {
      accountId: t.arg.id({ required: false }),
      name: t.arg.string({ required: false, description: 'The Data Center username.' }),
    },
    resolve: async (_root, args, ctx) => {
      const accountId =
        args.accountId === null || args.accountId === undefined ? null : String(args.accountId);
      const name = args.name ?? null;
      if ((accountId === null) === (name === null)) {
        throw gatewayError('BAD_USER_INPUT', 'Give exactly one of accountId and name.');
      }
      if (accountId !== null && accountId.trim() === '') {
        throw gatewayError('BAD_USER_INPUT', 'accountId must not be empty.');
      }
      if (name !== null && name.trim() === '')
        throw gatewayError('BAD_USER_INPUT', 'name must not be empty.');
      const raw = await callJira(ctx, async (jira) => {
        if (jira.flavor === 'cloud' && name !== null) {
          throw gatewayError(
            'BAD_USER_INPUT',
            'Jira Cloud has no usernames: look the user up by accountId instead.',
          );
        }
        const query: Record<string, string> =
          jira.flavor === 'cloud'
            ? { accountId: accountId as string }
            : name !== null
              ? { username: name }
              : { key: accountId as string };
        try {
          return await jira.read<unknown>(`${jira.apiPrefix}/user`, { query });
        } catch (error) {
          // Jira answers 404 for an unknown user; say so in our words, whichever key was used.
          if (error instanceof JiraError && error.code === 'NOT_FOUND') {
            throw gatewayError('NOT_FOUND', `No user ${accountId ?? name} exists, or you may not see it.`, {
              jiraStatus: error.status,
            });
          }
          throw error;
        }
      });
      const user = jiraUser(raw);
      if (!user)
        throw gatewayError('NOT_FOUND', `No user ${accountId ?? name} exists, or you may not see it.`);
      return user;
    },
  }),
);
