import type { JobExecution } from '@aws-sdk/client-iot';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { formatTime } from '../format.js';
import type { HistoryEvent } from '../history.js';
import { InfoNotice, StatusBadge } from '../components/notices.js';
import { usePolling } from '../use-polling.js';

const CATCH_UP_POLL_MS = 2_000;

/**
 * The execution stream's audit history: when, who, from → to, statusDetails, force. The history
 * consumer trails the service by a moment, so the timeline polls until it has caught up with the
 * version shown above, and no longer.
 */
export function ExecutionTimeline({ context, jobId, thingName, shown }: { context: ConsoleContext; jobId: string; thingName: string; shown: JobExecution }) {
  const [events, setEvents] = useState<HistoryEvent[]>();
  const [problem, setProblem] = useState<string>();
  const api = context.history.api;

  const load = async () => {
    if (!api) return;
    try {
      setEvents(await api.executionEvents(jobId, thingName));
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  useEffect(() => void load(), [shown.versionNumber, shown.status]);
  const caughtUp = events?.some((e) => e.executionNumber === shown.executionNumber && (e.payload.versionNumber ?? 0) >= (shown.versionNumber ?? 0)) ?? false;
  usePolling(Boolean(api) && events !== undefined && !caughtUp, CATCH_UP_POLL_MS, load);

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {!api ? (
        <InfoNotice tone="warning">{'reason' in context.history ? context.history.reason : ''}</InfoNotice>
      ) : problem ? (
        <div class="notice notice-error" role="alert">
          The timeline could not be loaded. {problem}
        </div>
      ) : !events ? (
        <p>Loading the audit history…</p>
      ) : (
        <>
          {context.history.note ? <InfoNotice tone="warning">{context.history.note}</InfoNotice> : null}
          {caughtUp ? null : (
            <p class="muted" role="status">
              The audit history has not yet recorded version {shown.versionNumber}; checking again every few seconds.
            </p>
          )}
          <ol class="timeline">
            {events.map((event) => (
              <TimelineEntry event={event} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function TimelineEntry({ event }: { event: HistoryEvent }) {
  const details = Object.entries(event.payload.statusDetails ?? {});
  const from = event.payload.previousStatus;
  return (
    <li data-event-type={event.eventType}>
      <div class="when">
        <time dateTime={event.occurredAt}>{formatTime(event.occurredAt)}</time>
        <span class="who">by {event.actor ?? 'the service'}</span>
      </div>
      <div class="what">
        <span class="event-type">{event.eventType.replace(/^JobExecution/, '')}</span>{' '}
        {from ? (
          <>
            <StatusBadge status={from} /> → <StatusBadge status={event.status ?? undefined} />
          </>
        ) : (
          <StatusBadge status={event.status ?? undefined} />
        )}
        {event.payload.force ? <span class="force"> with force</span> : null}
        {event.executionNumber ? <span class="muted"> · execution #{event.executionNumber}</span> : null}
        {event.payload.versionNumber ? <span class="muted"> · version {event.payload.versionNumber}</span> : null}
      </div>
      {details.length ? <div class="details">{details.map(([k, v]) => `${k}=${v}`).join(', ')}</div> : null}
    </li>
  );
}
