// The page: sign in, then My tokens, New token and (for gateway admins) Admin.
import { useEffect, useState } from 'preact/hooks';
import { Admin } from './admin.tsx';
import { PageError, request } from './api.ts';
import { PageMeDocument, PageRevokeTokenDocument, type TypedDocumentString } from './gql/graphql.ts';
import { MyTokens } from './my-tokens.tsx';
import { NewToken } from './new-token.tsx';
import { dropSession, loadSession, type StoredSession, saveSession } from './session.ts';
import { SignIn } from './sign-in.tsx';

/** Runs an operation as the signed-in session; an ended session signs the page out. */
export type Api = <TResult, TVariables>(
  operation: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
) => Promise<TResult>;

type View = 'tokens' | 'new' | 'admin';

interface Me {
  displayName: string;
  isAdmin: boolean;
}

const VIEW_HEADINGS: Record<View, string> = {
  tokens: 'my-tokens-title',
  new: 'new-token-title',
  admin: 'admin-title',
};

export function App() {
  const [session, setSession] = useState<StoredSession | null>(loadSession);
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [view, setView] = useState<View>('tokens');

  const signOutHere = (message: string | null) => {
    dropSession();
    setSession(null);
    setMe(null);
    setView('tokens');
    setNotice(message);
  };

  const api: Api = async (operation, variables) => {
    if (!session) throw new PageError('Not signed in.', 'session');
    try {
      return await request(operation, variables, session.secret);
    } catch (e) {
      if (e instanceof PageError && e.kind === 'session') signOutHere(e.message);
      throw e;
    }
  };

  useEffect(() => {
    if (!session) return;
    api(PageMeDocument, {})
      .then((data) =>
        setMe({
          displayName: data.viewer.user.displayName,
          isAdmin: data.viewer.token.scopes.includes('admin'),
        }),
      )
      .catch((e: Error) => setNotice(e.message));
  }, [session]);

  const show = (next: View) => {
    setView(next);
    // Focus the view's heading once it is there, so keyboard and screen-reader users land on it.
    setTimeout(() => document.getElementById(VIEW_HEADINGS[next])?.focus(), 0);
  };

  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          saveSession(s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }

  const signOut = async () => {
    // The session token is revoked, not just forgotten: a copy of it stops working too.
    await request(PageRevokeTokenDocument, { id: session.tokenId }, session.secret).catch(() => undefined);
    signOutHere('You have signed out.');
  };

  return (
    <>
      <header class="top">
        <p class="brand">jgg tokens</p>
        <p class="who">{me ? `Signed in as ${me.displayName}` : 'Signing in…'}</p>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Sections">
        <ul>
          <li>
            <button
              type="button"
              aria-current={view === 'tokens' ? 'page' : undefined}
              onClick={() => show('tokens')}
            >
              My tokens
            </button>
          </li>
          <li>
            <button
              type="button"
              aria-current={view === 'new' ? 'page' : undefined}
              onClick={() => show('new')}
            >
              New token
            </button>
          </li>
          {me?.isAdmin ? (
            <li>
              <button
                type="button"
                aria-current={view === 'admin' ? 'page' : undefined}
                onClick={() => show('admin')}
              >
                Admin
              </button>
            </li>
          ) : null}
        </ul>
      </nav>
      <main>
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        {view === 'tokens' ? <MyTokens api={api} sessionTokenId={session.tokenId} /> : null}
        {view === 'new' ? <NewToken api={api} onDone={() => show('tokens')} /> : null}
        {view === 'admin' && me?.isAdmin ? <Admin api={api} /> : null}
      </main>
    </>
  );
}
