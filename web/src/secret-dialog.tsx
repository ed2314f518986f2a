// A new token's secret, shown once: a copy button, a warning, and how to use
// it from curl, a BI tool (Basic, the token as the password) and GraphiQL.
import { useState } from 'preact/hooks';
import { Dialog } from './dialog.tsx';

export interface SecretDialogProps {
  title: string;
  name: string;
  secret: string;
  onClose: () => void;
  fallback?: () => HTMLElement | null;
}

export function SecretDialog({ title, name, secret, onClose, fallback }: SecretDialogProps) {
  const [copied, setCopied] = useState<string>('');
  const endpoint = `${location.origin}/graphql`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      const field = document.getElementById('new-secret') as HTMLInputElement | null;
      field?.select();
      setCopied('The browser did not allow copying: the token is selected, copy it with Ctrl+C.');
    }
  };
  const query = '{"query":"{ viewer { user { displayName } token { scopes expiresAt } } }"}';
  return (
    <Dialog title={title} onClose={onClose} fallback={fallback}>
      <p class="warning" role="note">
        Copy the token <strong>{name}</strong> now: it is shown only this once. The gateway keeps only a hash
        of it, so it cannot show it again. Anyone who has it can act as you within its scopes.
      </p>
      <label for="new-secret">Token</label>
      <div class="secret-row">
        <input id="new-secret" class="secret" type="text" readOnly value={secret} spellcheck={false} />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" aria-live="polite" class="status">
        {copied}
      </p>
      <details open>
        <summary>How to use it</summary>
        <h3>curl</h3>
        <pre>
          <code>{`curl -s ${endpoint} \\\n  -H 'Authorization: Bearer ${secret}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${query}'`}</code>
        </pre>
        <h3>A BI or no-code tool</h3>
        <p>
          Use Basic authentication with any user name and the token as the password, against{' '}
          <code>{endpoint}</code>.
        </p>
        <h3>GraphiQL</h3>
        <p>
          Open <a href="/graphql">{endpoint}</a> and put this in its Headers tab:
        </p>
        <pre>
          <code>{`{"Authorization": "Bearer ${secret}"}`}</code>
        </pre>
      </details>
      <div class="actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
