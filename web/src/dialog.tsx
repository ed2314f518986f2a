// A modal <dialog>: the browser keeps focus inside it and closes it on Esc.
// When it closes, focus goes back to what opened it, or, when that is gone
// (a table row that was re-rendered), to `fallback`.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Where focus goes when the opener no longer exists. */
  fallback?: () => HTMLElement | null;
}

export function Dialog({ title, onClose, children, fallback }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      const target = opener?.isConnected ? opener : (fallback?.() ?? null);
      // After this render: the element to focus may be about to appear.
      setTimeout(() => (target?.isConnected ? target : fallback?.())?.focus(), 0);
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

export interface ConfirmProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  fallback?: () => HTMLElement | null;
}

export function Confirm({ title, message, confirmLabel, onConfirm, onCancel, fallback }: ConfirmProps) {
  return (
    <Dialog title={title} onClose={onCancel} fallback={fallback}>
      <p>{message}</p>
      <div class="actions">
        <button type="button" onClick={onCancel} autofocus>
          Cancel
        </button>
        <button type="button" class="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
