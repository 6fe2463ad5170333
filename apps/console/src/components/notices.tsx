import { describeError } from '../errors.js';

/** A failure in words, announced to screen readers. */
export function ErrorNotice({ error, context }: { error: unknown; context?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="notice notice-error" role="alert">
      {context ? <strong>{context}: </strong> : null}
      {describeError(error)}
    </div>
  );
}

export function InfoNotice({ children, tone = 'info' }: { children: preact.ComponentChildren; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

/** Status as text with a shape-independent colour: the word is always there. */
export function StatusBadge({ status }: { status: string | undefined }) {
  return <span class={`badge badge-${(status ?? 'unknown').toLowerCase()}`}>{status ?? 'UNKNOWN'}</span>;
}
