import type { JobProcessDetails } from '@aws-sdk/client-iot';

/** The execution counters in the order a rollout moves through them. */
export const COUNTERS = [
  ['SUCCEEDED', 'numberOfSucceededThings'],
  ['FAILED', 'numberOfFailedThings'],
  ['REJECTED', 'numberOfRejectedThings'],
  ['TIMED_OUT', 'numberOfTimedOutThings'],
  ['CANCELED', 'numberOfCanceledThings'],
  ['REMOVED', 'numberOfRemovedThings'],
  ['IN_PROGRESS', 'numberOfInProgressThings'],
  ['QUEUED', 'numberOfQueuedThings'],
] as const satisfies ReadonlyArray<readonly [string, keyof JobProcessDetails]>;

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'REJECTED', 'TIMED_OUT', 'CANCELED', 'REMOVED']);

export function countsOf(details: JobProcessDetails | undefined): Array<{ status: string; count: number }> {
  return COUNTERS.map(([status, field]) => ({ status, count: Number(details?.[field] ?? 0) }));
}

/** A stacked bar of the counters, with the same numbers in text for screen readers and print. */
export function ProgressBar({ details }: { details: JobProcessDetails | undefined }) {
  if (!details) return <span class="muted">…</span>;
  const counts = countsOf(details);
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const done = counts.filter((c) => TERMINAL.has(c.status)).reduce((sum, c) => sum + c.count, 0);
  const summary = counts.filter((c) => c.count > 0).map((c) => `${c.count} ${c.status.toLowerCase().replace('_', ' ')}`).join(', ');
  const label = `${done} of ${total} finished${summary ? `: ${summary}` : ''}`;
  return (
    <div class="progress" title={label}>
      <div class="progress-bar" role="img" aria-label={label}>
        {counts.map((c) => (c.count > 0 ? <span class={`seg seg-${c.status.toLowerCase()}`} style={{ width: `${(100 * c.count) / total}%` }} /> : null))}
      </div>
      <span class="progress-text">
        {done}/{total}
      </span>
    </div>
  );
}
