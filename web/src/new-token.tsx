// A new token: a name, scopes by area (with presets), projects from those the
// person can see in Jira, allowed addresses, and an expiry within the policy.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './app.tsx';
import { PageCreateTokenDocument, PageTokenFormDocument, type PageTokenFormQuery } from './gql/graphql.ts';
import { readOnlyScopes, scopeGroups } from './scope-groups.ts';
import { SecretDialog } from './secret-dialog.tsx';
import { ErrorLine, heading } from './view.tsx';

type Policy = PageTokenFormQuery['tokenPolicy'];

const EXPIRY_DAYS = [7, 30, 90, 180, 365];

/** The presets the policy allows, and its longest lifetime as the last one. */
function expiryChoices(maxDays: number): number[] {
  const within = EXPIRY_DAYS.filter((d) => d < maxDays);
  return [...within, maxDays];
}

function scopeId(scope: string): string {
  return `scope-${scope.replace(':', '-')}`;
}

export function NewToken({ api, onDone }: { api: Api; onDone: () => void }) {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [projectMode, setProjectMode] = useState<'all' | 'some'>('all');
  const [projects, setProjects] = useState<string[]>([]);
  const [ips, setIps] = useState('');
  const [days, setDays] = useState(30);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);

  useEffect(() => {
    api(PageTokenFormDocument, {})
      .then((data) => {
        const p = data.tokenPolicy;
        setPolicy(p);
        setDays(Math.min(30, p.maxLifetimeDays));
        if (p.requireProjects) setProjectMode('some');
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  if (error && !policy) return <ErrorLine error={error} />;
  if (!policy) return <p>Loading…</p>;

  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (scopes.length === 0) {
      setError('Choose at least one scope.');
      return;
    }
    if (projectMode === 'some' && projects.length === 0) {
      setError('Choose at least one project, or every project.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const allowedIps = ips
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const { createAccessToken } = await api(PageCreateTokenDocument, {
        input: {
          name: name.trim(),
          scopes,
          projects: projectMode === 'some' ? projects : null,
          allowedIps: allowedIps.length > 0 ? allowedIps : null,
          expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
        },
      });
      setIssued({ name: createAccessToken.token.name, secret: createAccessToken.secret });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!policy.mayCreateTokens) {
    return (
      <section aria-labelledby="new-token-title">
        {heading('new-token-title', 'New token')}
        <p>You may not create tokens: {policy.refusal ?? 'the operator does not allow it.'}</p>
      </section>
    );
  }
  const groups = scopeGroups(policy.allowedScopes);
  const available = policy.projects;
  return (
    <section aria-labelledby="new-token-title">
      {heading('new-token-title', 'New token')}
      <form onSubmit={submit} class="token-form">
        <label for="token-name">Name</label>
        <input
          id="token-name"
          required
          maxLength={100}
          placeholder="e.g. BI export"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />

        <fieldset>
          <legend>Scopes</legend>
          <div class="presets">
            <button type="button" onClick={() => setScopes(readOnlyScopes(policy.allowedScopes))}>
              Read only
            </button>
            <button type="button" onClick={() => setScopes([...policy.allowedScopes])}>
              Everything I can
            </button>
            <button type="button" onClick={() => setScopes([])}>
              None
            </button>
          </div>
          {groups.map((group) => (
            <fieldset key={group.area} class="scope-group">
              <legend>{group.area}</legend>
              {group.scopes.map(({ scope, allows }) => (
                <div class="check" key={scope}>
                  <input
                    type="checkbox"
                    id={scopeId(scope)}
                    checked={scopes.includes(scope)}
                    aria-describedby={`${scopeId(scope)}-allows`}
                    onChange={(e) => setScopes(toggle(scopes, scope, e.currentTarget.checked))}
                  />
                  <label for={scopeId(scope)}>{scope}</label>
                  <span class="hint" id={`${scopeId(scope)}-allows`}>
                    {allows}
                  </span>
                </div>
              ))}
            </fieldset>
          ))}
        </fieldset>

        <fieldset>
          <legend>Projects</legend>
          {policy.requireProjects ? (
            <p class="hint">The operator requires every token to name its projects.</p>
          ) : (
            <div class="check">
              <input
                type="radio"
                id="projects-all"
                name="project-mode"
                checked={projectMode === 'all'}
                onChange={() => setProjectMode('all')}
              />
              <label for="projects-all">Every project I can see in Jira</label>
            </div>
          )}
          {policy.requireProjects ? null : (
            <div class="check">
              <input
                type="radio"
                id="projects-some"
                name="project-mode"
                checked={projectMode === 'some'}
                onChange={() => setProjectMode('some')}
              />
              <label for="projects-some">Only these projects:</label>
            </div>
          )}
          <div class="project-list">
            {available.edges.map(({ node }) => (
              <div class="check" key={node.key}>
                <input
                  type="checkbox"
                  id={`project-${node.key}`}
                  disabled={projectMode !== 'some'}
                  checked={projects.includes(node.key)}
                  onChange={(e) => setProjects(toggle(projects, node.key, e.currentTarget.checked))}
                />
                <label for={`project-${node.key}`}>
                  {node.key}: {node.name}
                </label>
              </div>
            ))}
            {available.edges.length === 0 ? <p class="hint">Jira shows you no project.</p> : null}
          </div>
        </fieldset>

        <label for="token-ips">Allowed IP addresses (optional)</label>
        <p class="hint" id="token-ips-hint">
          Addresses or ranges (CIDR), separated by commas, e.g. 10.0.0.0/8, 2001:db8::/32. Empty: from
          anywhere.
        </p>
        <input
          id="token-ips"
          aria-describedby="token-ips-hint"
          value={ips}
          onInput={(e) => setIps(e.currentTarget.value)}
        />

        <label for="token-expiry">Expires in</label>
        <select
          id="token-expiry"
          value={String(days)}
          onChange={(e) => setDays(Number(e.currentTarget.value))}
        >
          {expiryChoices(policy.maxLifetimeDays).map((d) => (
            <option key={d} value={String(d)}>
              {d} days{d === policy.maxLifetimeDays ? ' (the longest allowed)' : ''}
            </option>
          ))}
        </select>

        <ErrorLine error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </form>
      {issued ? (
        <SecretDialog
          title="Your new token"
          name={issued.name}
          secret={issued.secret}
          onClose={() => {
            setIssued(null);
            onDone();
          }}
          fallback={() => document.getElementById('my-tokens-title')}
        />
      ) : null}
    </section>
  );
}
