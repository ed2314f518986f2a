// Jira users as the gateway shows them: accountId and displayName to anyone
// who may see the user at all, details with users:read, email with users:email.
import { authenticated, requires } from '../auth/field-scopes.ts';
import { builder } from './builder.ts';

export interface UserShape {
  accountId: string;
  name: string | null;
  displayName: string;
  emailAddress: string | null;
  active: boolean;
}

export const UserRef = builder.objectRef<UserShape>('User').implement({
  description: 'A Jira user. accountId is the Cloud accountId or the Data Center user key.',
  fields: (t) => ({
    accountId: t.exposeID('accountId', { extensions: authenticated() }),
    displayName: t.exposeString('displayName', { extensions: authenticated() }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'The Data Center username; null on Cloud.',
      extensions: requires('users:read'),
    }),
    active: t.exposeBoolean('active', { extensions: requires('users:read') }),
    emailAddress: t.exposeString('emailAddress', { nullable: true, extensions: requires('users:email') }),
  }),
});

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
  };
}
