import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { type HistoryEvent } from '../history.js';
import { InfoNotice } from '../components/notices.js';
import { StatusChart } from '../components/status-chart.js';
import { SERIES_STATUSES, statusSeries } from '../status-series.js';

/** A rollout of 10,000 things has about 30,000 events; beyond this the chart says it is partial. */
const MAX_EVENTS = 50_000;

/**
 * Execution statuses over time, from the job's audit history. Later refreshes ask only for events
 * from the newest one seen (the `from` filter is inclusive; duplicates are dropped by event id).
 */
export function JobStatusChart({ context, jobId, refreshKey }: { context: ConsoleContext; jobId: string; refreshKey: number }) {
  const events = useRef<HistoryEvent[]>([]);
  const seen = useRef(new Set<string>());
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string>();
  const api = context.history.api;

  useEffect(() => {
    if (!api) return;
    let current = true;
    const from = events.current.at(-1)?.occurredAt;
    api.jobEvents(jobId, from, MAX_EVENTS - events.current.length).then(
      (fresh) => {
        if (!current) return;
        const added = fresh.filter((e) => !seen.current.has(e.eventId));
        for (const e of added) seen.current.add(e.eventId);
        events.current = [...events.current, ...added];
        setProblem(undefined);
        if (added.length > 0 || version === 0) setVersion((v) => v + 1);
      },
      (error: unknown) => current && setProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [refreshKey]);

  const series = statusSeries(events.current);
  const last = SERIES_STATUSES.map((s) => `${series.counts[s].at(-1) ?? 0} ${s}`).join(', ');
  return (
    <section aria-labelledby="chart-title">
      <h2 id="chart-title">Execution statuses over time</h2>
      {!api ? (
        <InfoNotice tone="warning">{'reason' in context.history ? context.history.reason : ''}</InfoNotice>
      ) : problem ? (
        <div class="notice notice-error" role="alert">
          The chart needs the audit history. {problem}
        </div>
      ) : version === 0 ? (
        <p>Loading the audit history…</p>
      ) : series.times.length === 0 ? (
        <p>The audit history has no execution events for this job yet.</p>
      ) : (
        <>
          {context.history.note ? <InfoNotice tone="warning">{context.history.note}</InfoNotice> : null}
          <StatusChart key={version} series={series} label={`Things per execution status over time. Now: ${last}.`} />
          <p class="muted">
            From {series.times.length} moments in the audit history{events.current.length >= MAX_EVENTS ? ` (the first ${MAX_EVENTS} events only)` : ''}. Now: {last}.
          </p>
        </>
      )}
    </section>
  );
}
