// What an issue representation is drawn for (the store, the flavour, the base
// URL, the API version and the caller), and what every issue bean takes from
// it: the REST base URL, users as issues embed them, and rich text in the API
// version's format.
import type { Flavor, SandboxUser } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { type AdfDoc, wikiToAdf } from './adf.ts';
import { userJson } from './users.ts';

/** A JSON object, as the representations build them. */
export type Json = Record<string, unknown>;

/** What a representation depends on; a RouteContext is one. */
export interface IssueView {
  store: SandboxStore;
  flavor: Flavor;
  baseUrl: string;
  apiVersion: '2' | '3';
  user: SandboxUser | null;
}

/** The REST API base the request came in on: /rest/api/2 or /rest/api/3. */
export function apiUrl(view: IssueView): string {
  return `${view.baseUrl}/rest/api/${view.apiVersion}`;
}

/** Users embedded in issues are UserJsonBean (DC) / UserDetails (Cloud): no locale, no deleted flag. */
export function embeddedUserJson(user: SandboxUser, view: IssueView): Json {
  const { locale: _locale, deleted: _deleted, ...embedded } = userJson(user, view);
  return embedded;
}

/** The user a key names, as issues embed users; null for none. */
export function userRefJson(key: string | null, view: IssueView): Json | null {
  const user = key === null ? undefined : view.store.usersByKey.get(key);
  return user ? embeddedUserJson(user, view) : null;
}

/** Rich text as the API version speaks it: wiki on v2, ADF on Cloud's v3. */
export function richText(wiki: string | null, view: IssueView): string | AdfDoc | null {
  if (wiki === null) return null;
  return view.apiVersion === '3' ? wikiToAdf(wiki) : wiki;
}
