import { ListJobExecutionsForJobCommand, type JobExecutionStatus, type JobExecutionSummaryForJob } from '@aws-sdk/client-iot';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { formatTime, links, thingNameOf } from '../format.js';
import { ErrorNotice, StatusBadge } from '../components/notices.js';
import { PageSizeSelect, Pager, usePaging } from '../components/pager.js';

export const EXECUTION_STATUSES = ['QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'REJECTED', 'REMOVED', 'CANCELED'] as const;

/** One page of ListJobExecutionsForJob; a job with 10,000 executions is read page by page. */
export function JobExecutionsTable({ context, jobId, refreshKey }: { context: ConsoleContext; jobId: string; refreshKey: number }) {
  const [status, setStatus] = useState('');
  const [pageSize, setPageSize] = useState(50);
  const paging = usePaging();
  const [rows, setRows] = useState<JobExecutionSummaryForJob[]>();
  const [nextToken, setNextToken] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The query the shown rows answer: a refresh of the same query keeps them at full contrast,
  // only rows of another filter or page are dimmed while their replacement loads.
  const query = JSON.stringify([status, pageSize, paging.token]);
  const [shownQuery, setShownQuery] = useState<string>();

  useEffect(() => {
    let current = true;
    setBusy(true);
    context.iot
      .send(new ListJobExecutionsForJobCommand({ jobId, status: (status || undefined) as JobExecutionStatus | undefined, maxResults: pageSize, nextToken: paging.token }))
      .then(
        (page) => {
          if (!current) return;
          setShownQuery(query);
          setRows(page.executionSummaries ?? []);
          setNextToken(page.nextToken);
          setError(undefined);
        },
        (failure: unknown) => current && setError(failure),
      )
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [status, pageSize, paging.token, refreshKey]);

  const changeStatus = (value: string) => {
    paging.reset();
    setStatus(value);
  };
  return (
    <section aria-labelledby="executions-title">
      <h2 id="executions-title">Executions</h2>
      <form class="filters" aria-label="Execution filters" onSubmit={(e) => e.preventDefault()}>
        <label for="execution-status">
          Status
          <select id="execution-status" value={status} onChange={(e) => changeStatus((e.target as HTMLSelectElement).value)}>
            <option value="">Any</option>
            {EXECUTION_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <PageSizeSelect
          id="executions-page-size"
          value={pageSize}
          onChange={(size) => {
            paging.reset();
            setPageSize(size);
          }}
        />
      </form>
      <ErrorNotice error={error} context="Could not load the executions" />
      <div class="table-wrap">
        <table class={busy && shownQuery !== query ? 'data stale' : 'data'} aria-labelledby="executions-title" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">Thing</th>
              <th scope="col">Status</th>
              <th scope="col">Execution</th>
              <th scope="col">Queued</th>
              <th scope="col">Started</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {rows?.length === 0 ? (
              <tr>
                <td colSpan={6}>No executions{status ? ` with status ${status}` : ''}.</td>
              </tr>
            ) : null}
            {rows?.map((row) => {
              const thingName = thingNameOf(row.thingArn);
              const summary = row.jobExecutionSummary;
              return (
                <tr key={`${thingName}/${summary?.executionNumber}`} data-thing-name={thingName}>
                  <th scope="row">
                    <a href={links.execution(jobId, thingName)}>{thingName}</a>
                  </th>
                  <td>
                    <StatusBadge status={summary?.status} />
                  </td>
                  <td class="num">#{summary?.executionNumber}</td>
                  <td>{formatTime(summary?.queuedAt)}</td>
                  <td>{formatTime(summary?.startedAt)}</td>
                  <td>{formatTime(summary?.lastUpdatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager label="Executions" pageNumber={paging.pageNumber} nextToken={nextToken} onNext={paging.next} onPrevious={paging.previous} busy={busy} />
    </section>
  );
}
