// My tokens: the table, and rotate or revoke, each after a confirmation.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './app.tsx';
import { Confirm } from './dialog.tsx';
import { PageMyTokensDocument, PageRevokeTokenDocument, PageRotateTokenDocument } from './gql/graphql.ts';
import { SecretDialog } from './secret-dialog.tsx';
import { type TokenRow, TokenTable } from './token-table.tsx';
import { ErrorLine, heading } from './view.tsx';

type Pending = { kind: 'rotate' | 'revoke'; token: TokenRow } | null;

export function MyTokens({ api, sessionTokenId }: { api: Api; sessionTokenId: string }) {
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [showEnded, setShowEnded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);
  const [status, setStatus] = useState('');

  const load = async () => {
    try {
      const data = await api(PageMyTokensDocument, { includeRevoked: showEnded });
      // Sign-in sessions are the page's own; the table is for tokens people made.
      setTokens(data.viewer.accessTokens.edges.map((e) => e.node).filter((t) => t.kind !== 'session'));
      setError(null);
    } catch (e) {
      setError(String((e as Error).message));
    }
  };
  useEffect(() => {
    void load();
  }, [showEnded]);

  const confirm = async () => {
    if (!pending) return;
    const { kind, token } = pending;
    setPending(null);
    try {
      if (kind === 'revoke') {
        await api(PageRevokeTokenDocument, { id: token.id });
        setStatus(`Revoked ${token.name}.`);
      } else {
        const { rotateAccessToken } = await api(PageRotateTokenDocument, { id: token.id });
        setIssued({ name: rotateAccessToken.token.name, secret: rotateAccessToken.secret });
        setStatus(`Rotated ${token.name}: the old secret no longer works.`);
      }
      setError(null);
    } catch (e) {
      setError(String((e as Error).message));
    }
    await load();
  };

  return (
    <section aria-labelledby="my-tokens-title">
      {heading('my-tokens-title', 'My tokens')}
      <label class="inline">
        <input type="checkbox" checked={showEnded} onChange={(e) => setShowEnded(e.currentTarget.checked)} />{' '}
        Show revoked and expired tokens
      </label>
      <ErrorLine error={error} />
      <p role="status" aria-live="polite" class="status">
        {status}
      </p>
      {tokens === null ? (
        <p>Loading…</p>
      ) : (
        <TokenTable
          caption="Your gateway tokens"
          tokens={tokens}
          empty="You have no tokens yet: make one under New token."
          actions={(token) =>
            token.id === sessionTokenId ? null : (
              <>
                <button
                  type="button"
                  aria-label={`Rotate ${token.name}`}
                  onClick={() => setPending({ kind: 'rotate', token })}
                >
                  Rotate
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Revoke ${token.name}`}
                  onClick={() => setPending({ kind: 'revoke', token })}
                >
                  Revoke
                </button>
              </>
            )
          }
        />
      )}
      {pending ? (
        <Confirm
          title={pending.kind === 'revoke' ? 'Revoke this token?' : 'Rotate this token?'}
          message={
            pending.kind === 'revoke'
              ? `${pending.token.name} stops working at once, everywhere it is used. This cannot be undone.`
              : `${pending.token.name} gets a new secret, shown once; the old secret stops working at once.`
          }
          confirmLabel={pending.kind === 'revoke' ? 'Revoke' : 'Rotate'}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
          fallback={() => document.getElementById('my-tokens-title')}
        />
      ) : null}
      {issued ? (
        <SecretDialog
          title="The rotated token"
          name={issued.name}
          secret={issued.secret}
          onClose={() => setIssued(null)}
          fallback={() => document.getElementById('my-tokens-title')}
        />
      ) : null}
    </section>
  );
}
