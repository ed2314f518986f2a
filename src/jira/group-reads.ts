// The Jira groups a user is in, asked with the user's own credential
// (GET /myself?expand=groups), for the operator's token policies
// (tokens/token-policy.ts). Both flavours answer {groups: {size, items: [{name}]}}.
import type { JiraClient } from './client.ts';
import { JiraUnexpectedResponseError } from './errors.ts';
import { list, obj } from './json.ts';
import type { JiraCredential } from './types.ts';

/** The group names Jira lists for the credential's user. */
export async function readMyGroups(
  jira: Pick<JiraClient, 'request' | 'apiPrefix'>,
  credential: JiraCredential,
  signal?: AbortSignal,
): Promise<string[]> {
  const path = `${jira.apiPrefix}/myself`;
  const answer = await jira.request<unknown>(credential, 'GET', path, {
    query: { expand: 'groups' },
    ...(signal ? { signal } : {}),
  });
  const groups = obj(obj(answer).groups);
  if (!Array.isArray(groups.items)) {
    // Without the list nothing can be decided; the policy refuses (fails closed).
    throw new JiraUnexpectedResponseError('myself?expand=groups has no groups.items', {
      method: 'GET',
      path,
      status: 200,
      requestId: null,
    });
  }
  return list(groups.items)
    .map((item) => obj(item).name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
}
