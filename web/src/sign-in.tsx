// Signing in with one's own Jira credential: the existing signIn mutation.
import { useState } from 'preact/hooks';
import { PageError, request } from './api.ts';
import { PageSignInDocument } from './gql/graphql.ts';
import type { StoredSession } from './session.ts';

export interface SignInProps {
  onSignedIn: (session: StoredSession) => void;
  notice: string | null;
}

export function SignIn({ onSignedIn, notice }: SignInProps) {
  const [jiraToken, setJiraToken] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = { jiraToken: jiraToken.trim(), email: email.trim() === '' ? null : email.trim() };
      const { signIn } = await request(PageSignInDocument, { input }, null);
      setJiraToken('');
      onSignedIn({ secret: signIn.secret, tokenId: signIn.token.id });
    } catch (e) {
      setError(e instanceof PageError ? e.message : 'Signing in failed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="narrow">
      <h1>jgg: your gateway tokens</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        Sign in with your own Jira token. The gateway checks it with Jira and stores it encrypted, to call
        Jira as you: the gateway tokens you make here never see more than you can in Jira.
      </p>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label for="jira-token">Jira token</label>
        <p class="hint" id="jira-token-hint">
          Data Center: a personal access token. Cloud: an API token, with your email below.
        </p>
        <input
          id="jira-token"
          type="password"
          autocomplete="off"
          required
          aria-describedby="jira-token-hint"
          value={jiraToken}
          onInput={(e) => setJiraToken(e.currentTarget.value)}
        />
        <label for="jira-email">Email (Jira Cloud only)</label>
        <input
          id="jira-email"
          type="email"
          autocomplete="email"
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error ? (
          <p class="error" role="alert" id="sign-in-error">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
