// Small pieces every view uses.

/** A view's heading, focusable so that changing views can move focus to it. */
export function heading(id: string, text: string) {
  return (
    <h2 id={id} tabIndex={-1}>
      {text}
    </h2>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}
