// The baseline of `npm run bench:export`: a BI connector paging Jira's REST
// API itself with the optimal `fields`, in a process of its own so its memory
// is its own. Data Center: /rest/api/2/search by startAt, 1,000 a page (the
// default maxResults cap); Cloud: /rest/api/3/search/jql by nextPageToken,
// 100 a page (its cap for issues with fields). Every page is read and parsed,
// as any client must. Prints one JSON line: {issues, ms, peakRssBytes}.
//   node --import tsx scripts/bench/export-direct.ts <jira url> <flavor> <authorization> <jql> <fields>
import { readFileSync } from 'node:fs';
import { request } from 'undici';

const [base, flavor, authorization, jql, fields] = process.argv.slice(2);
if (!base || !flavor || !authorization || !jql || !fields) {
  process.stderr.write('usage: export-direct.ts <jira url> <flavor> <authorization> <jql> <fields>\n');
  process.exit(2);
}

/** The process's peak resident set (Linux VmHWM). */
function peakRss(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

const started = performance.now();
let issues = 0;
let startAt = 0;
let token: string | null = null;
for (;;) {
  const url = new URL(`${base}${flavor === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search'}`);
  url.searchParams.set('jql', jql);
  url.searchParams.set('fields', fields);
  url.searchParams.set('maxResults', flavor === 'cloud' ? '100' : '1000');
  if (flavor === 'cloud' && token) url.searchParams.set('nextPageToken', token);
  if (flavor !== 'cloud') url.searchParams.set('startAt', String(startAt));
  const res = await request(url, { headers: { authorization, accept: 'application/json' } });
  if (res.statusCode !== 200) throw new Error(`Jira answered ${res.statusCode}: ${await res.body.text()}`);
  const page = (await res.body.json()) as { issues: unknown[]; total?: number; nextPageToken?: string };
  issues += page.issues.length;
  if (flavor === 'cloud') {
    if (!page.nextPageToken) break;
    token = page.nextPageToken;
  } else {
    startAt += page.issues.length;
    if (page.issues.length === 0 || startAt >= (page.total ?? 0)) break;
  }
}
process.stdout.write(
  `${JSON.stringify({ issues, ms: performance.now() - started, peakRssBytes: peakRss() })}\n`,
);
