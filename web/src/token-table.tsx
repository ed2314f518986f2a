// A table of tokens: what each may do, when it expires (flagged when soon or
// past), when and where it was last used, its use so far, and its state.
import type { ComponentChildren } from 'preact';
import { stateOf, when } from './format.ts';
import type { PageTokenFieldsFragment } from './gql/graphql.ts';

export type TokenRow = PageTokenFieldsFragment;

export interface TokenTableProps {
  caption: string;
  tokens: readonly TokenRow[];
  /** The owner's name by identity id: shows an Owner column (the admin view). */
  owners?: ReadonlyMap<string, string>;
  actions: (token: TokenRow) => ComponentChildren;
  empty: string;
}

function list(values: readonly string[] | null | undefined, none: string): string {
  return values && values.length > 0 ? values.join(', ') : none;
}

export function TokenTable({ caption, tokens, owners, actions, empty }: TokenTableProps) {
  if (tokens.length === 0) return <p class="empty">{empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {owners ? <th scope="col">Owner</th> : null}
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Projects</th>
            <th scope="col">IPs</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Usage</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const state = stateOf(token);
            return (
              <tr key={token.id}>
                {owners ? <td>{owners.get(token.identityId) ?? token.identityId}</td> : null}
                <th scope="row">
                  {token.name}
                  {token.kind === 'session' ? <span class="tag">sign-in session</span> : null}
                </th>
                <td>{list(token.scopes, 'none')}</td>
                <td>{list(token.projects, 'all I can see')}</td>
                <td>{list(token.allowedIps, 'any')}</td>
                <td>{when(token.createdAt)}</td>
                <td>
                  {token.expiresAt ? when(token.expiresAt) : 'never'}
                  {state === 'expires soon' || state === 'expired' ? (
                    <span class={`flag ${state === 'expired' ? 'bad' : 'soon'}`}>{state}</span>
                  ) : null}
                </td>
                <td>
                  {token.lastUsedAt ? when(token.lastUsedAt) : 'never'}
                  {token.lastUsedIp ? <span class="sub">from {token.lastUsedIp}</span> : null}
                </td>
                <td>
                  {token.usage
                    ? `${token.usage.requests} requests, ${token.usage.points} points, ${token.usage.errors} errors`
                    : '—'}
                </td>
                <td>
                  <span class={`state state-${state.replace(' ', '-')}`}>{state}</span>
                </td>
                <td class="row-actions">
                  {state === 'revoked' || state === 'expired' ? null : actions(token)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
