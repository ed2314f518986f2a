// The admin view (admin scope): every identity's tokens, with a filter by
// person, revoking any of them, and the audit log with filters and paging.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './app.tsx';
import { Confirm } from './dialog.tsx';
import { when } from './format.ts';
import {
  PageAdminTokensDocument,
  type PageAdminTokensQuery,
  PageAuditLogDocument,
  type PageAuditLogQuery,
  PageRevokeTokenDocument,
} from './gql/graphql.ts';
import { type TokenRow, TokenTable } from './token-table.tsx';
import { ErrorLine, heading } from './view.tsx';

type Identity = PageAdminTokensQuery['admin']['identities']['edges'][number]['node'];
type AuditPage = PageAuditLogQuery['admin']['auditLog'];

const AUDIT_PAGE_SIZE = 20;

function identityLabel(i: Identity): string {
  return i.jiraName ? `${i.displayName} (${i.jiraName})` : i.displayName;
}

export function Admin({ api }: { api: Api }) {
  const [identities, setIdentities] = useState<Identity[]>([]);
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [owner, setOwner] = useState('');
  const [showEnded, setShowEnded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<TokenRow | null>(null);
  const [auditVersion, setAuditVersion] = useState(0);

  const load = async () => {
    try {
      const data = await api(PageAdminTokensDocument, {
        identityId: owner === '' ? null : owner,
        includeRevoked: showEnded,
        includeExpired: showEnded,
      });
      setIdentities(data.admin.identities.edges.map((e) => e.node));
      setTokens(data.admin.accessTokens.edges.map((e) => e.node));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
  }, [owner, showEnded]);

  const names = new Map(identities.map((i) => [i.id, identityLabel(i)]));

  const revoke = async () => {
    const token = pending;
    setPending(null);
    if (!token) return;
    try {
      await api(PageRevokeTokenDocument, { id: token.id });
      setStatus(`Revoked ${token.name} of ${names.get(token.identityId) ?? token.identityId}.`);
    } catch (e) {
      setError((e as Error).message);
    }
    await load();
    setAuditVersion((v) => v + 1);
  };

  return (
    <section aria-labelledby="admin-title">
      {heading('admin-title', 'Admin: every token')}
      <div class="filters">
        <label for="admin-owner">Owner</label>
        <select id="admin-owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
          <option value="">Everyone</option>
          {identities.map((i) => (
            <option key={i.id} value={i.id}>
              {identityLabel(i)}
            </option>
          ))}
        </select>
        <label class="inline">
          <input
            type="checkbox"
            checked={showEnded}
            onChange={(e) => setShowEnded(e.currentTarget.checked)}
          />{' '}
          Show revoked and expired
        </label>
      </div>
      <ErrorLine error={error} />
      <p role="status" aria-live="polite" class="status">
        {status}
      </p>
      {tokens === null ? (
        <p>Loading…</p>
      ) : (
        <TokenTable
          caption="Every identity's tokens"
          tokens={tokens}
          owners={names}
          empty="No tokens match."
          actions={(token) => (
            <button
              type="button"
              class="danger"
              aria-label={`Revoke ${token.name} of ${names.get(token.identityId) ?? token.identityId}`}
              onClick={() => setPending(token)}
            >
              Revoke
            </button>
          )}
        />
      )}
      {pending ? (
        <Confirm
          title="Revoke this token?"
          message={`${pending.name} of ${names.get(pending.identityId) ?? pending.identityId} stops working at once. This cannot be undone.`}
          confirmLabel="Revoke"
          onConfirm={() => void revoke()}
          onCancel={() => setPending(null)}
          fallback={() => document.getElementById('admin-title')}
        />
      ) : null}
      <AuditLog api={api} identities={identities} names={names} version={auditVersion} />
    </section>
  );
}

interface AuditLogProps {
  api: Api;
  identities: Identity[];
  names: ReadonlyMap<string, string>;
  /** Bumped when something the log records was done here: the first page is read again. */
  version: number;
}

function AuditLog({ api, identities, names, version }: AuditLogProps) {
  // What the form holds, and the filter applied (on submit).
  const [actionInput, setActionInput] = useState('');
  const [actorInput, setActorInput] = useState('');
  const [filter, setFilter] = useState({ action: '', actor: '' });
  // Cursors of the pages before this one: paging back pops one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // The page shown and its number: the caption and paging follow what has
  // arrived, not the cursor just asked for.
  const [page, setPage] = useState<{ log: AuditPage; number: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const after = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    // An answer to a request since replaced (paged on, filtered) is dropped.
    let current = true;
    const number = cursors.length;
    api(PageAuditLogDocument, {
      first: AUDIT_PAGE_SIZE,
      after,
      action: filter.action === '' ? null : filter.action,
      actorId: filter.actor === '' ? null : filter.actor,
    })
      .then((data) => {
        if (!current) return;
        setPage({ log: data.admin.auditLog, number });
        setError(null);
      })
      .catch((e: Error) => {
        if (current) setError(e.message);
      });
    return () => {
      current = false;
    };
  }, [after, filter, version]);

  const restart = () => setCursors([null]);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <form
        class="filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ action: actionInput.trim(), actor: actorInput });
          restart();
        }}
      >
        <label for="audit-action">Action</label>
        <input
          id="audit-action"
          placeholder="e.g. token.revoke"
          value={actionInput}
          onInput={(e) => setActionInput(e.currentTarget.value)}
        />
        <label for="audit-actor">Who</label>
        <select id="audit-actor" value={actorInput} onChange={(e) => setActorInput(e.currentTarget.value)}>
          <option value="">Anyone</option>
          {identities.map((i) => (
            <option key={i.id} value={i.id}>
              {identityLabel(i)}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      <ErrorLine error={error} />
      {page === null ? (
        <p>Loading…</p>
      ) : page.log.edges.length === 0 ? (
        <p class="empty">No events match.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>Audit events, newest first (page {page.number})</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">IP</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.log.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{when(node.at)}</td>
                  <td>{node.actorId ? (names.get(node.actorId) ?? node.actorId) : 'the gateway or CLI'}</td>
                  <th scope="row">{node.action}</th>
                  <td>
                    {node.targetType}{' '}
                    {node.targetType === 'identity'
                      ? (names.get(node.targetId) ?? node.targetId)
                      : node.targetId}
                  </td>
                  <td>{node.ip ?? '—'}</td>
                  <td>
                    <code class="details">{node.details}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={page?.number !== cursors.length || !page.log.pageInfo.hasNextPage}
          onClick={() =>
            page?.log.pageInfo.endCursor && setCursors([...cursors, page.log.pageInfo.endCursor])
          }
        >
          Older
        </button>
      </div>
    </section>
  );
}
