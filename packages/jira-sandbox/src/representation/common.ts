// Formats Jira uses on the wire, shared by every representation.

/** Jira's timestamp: 2026-01-31T10:00:00.000+0000 (no colon in the offset). */
export function jiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Jira's date-only fields (duedate, releaseDate): yyyy-mm-dd. */
export function jiraDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function avatarUrls(baseUrl: string, kind: 'user' | 'project', id: string): Record<string, string> {
  const path = kind === 'user' ? 'secure/useravatar' : 'secure/projectavatar';
  const owner = kind === 'user' ? 'ownerId' : 'pid';
  return {
    '48x48': `${baseUrl}/${path}?${owner}=${id}&avatarId=10122`,
    '24x24': `${baseUrl}/${path}?size=small&${owner}=${id}&avatarId=10122`,
    '16x16': `${baseUrl}/${path}?size=xsmall&${owner}=${id}&avatarId=10122`,
    '32x32': `${baseUrl}/${path}?size=medium&${owner}=${id}&avatarId=10122`,
  };
}
