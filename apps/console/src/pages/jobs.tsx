import { DescribeJobCommand, ListJobsCommand, type JobProcessDetails, type JobSummary } from '@aws-sdk/client-iot';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { formatTime, links } from '../format.js';
import { ErrorNotice, StatusBadge } from '../components/notices.js';
import { PageSizeSelect, Pager, usePaging } from '../components/pager.js';
import { ProgressBar } from '../components/progress-bar.js';
import { usePolling } from '../use-polling.js';
import { mapWithConcurrency } from '../concurrency.js';

const JOB_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'CANCELED', 'DELETION_IN_PROGRESS'] as const;
const REFRESH_MS = 5_000;

interface Filters {
  status: string;
  targetSelection: string;
  pageSize: number;
}

/**
 * One page of ListJobs at a time (the API's nextToken), each row's counters from DescribeJob. While
 * a job on the page runs, the page refreshes itself in place.
 */
export function JobsPage({ context }: { context: ConsoleContext }) {
  const [filters, setFilters] = useState<Filters>({ status: '', targetSelection: '', pageSize: 50 });
  const paging = usePaging();
  const [jobs, setJobs] = useState<JobSummary[]>();
  const [details, setDetails] = useState<Record<string, JobProcessDetails | undefined>>({});
  const [nextToken, setNextToken] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [refreshedAt, setRefreshedAt] = useState<Date>();

  const load = async () => {
    const page = await context.iot.send(
      new ListJobsCommand({
        status: (filters.status || undefined) as JobSummary['status'],
        targetSelection: (filters.targetSelection || undefined) as JobSummary['targetSelection'],
        maxResults: filters.pageSize,
        nextToken: paging.token,
      }),
    );
    const summaries = page.jobs ?? [];
    const described = await mapWithConcurrency(summaries, 6, async (job) => {
      const answer = await context.iot.send(new DescribeJobCommand({ jobId: job.jobId! })).catch(() => undefined);
      return [job.jobId!, answer?.job?.jobProcessDetails] as const;
    });
    setJobs(summaries);
    setDetails(Object.fromEntries(described));
    setNextToken(page.nextToken);
    setError(undefined);
    setRefreshedAt(new Date());
  };

  useEffect(() => {
    setBusy(true);
    load()
      .catch(setError)
      .finally(() => setBusy(false));
  }, [filters, paging.token]);

  const running = jobs?.some((job) => job.status === 'IN_PROGRESS') ?? false;
  usePolling(running && !error, REFRESH_MS, () => load().catch(setError));

  const change = (patch: Partial<Filters>) => {
    paging.reset();
    setFilters({ ...filters, ...patch });
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        Jobs
      </h1>
      <form class="filters" aria-label="Job filters" onSubmit={(e) => e.preventDefault()}>
        <label for="filter-status">
          Status
          <select id="filter-status" value={filters.status} onChange={(e) => change({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">Any</option>
            {JOB_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label for="filter-target-selection">
          Target selection
          <select id="filter-target-selection" value={filters.targetSelection} onChange={(e) => change({ targetSelection: (e.target as HTMLSelectElement).value })}>
            <option value="">Any</option>
            <option value="SNAPSHOT">SNAPSHOT</option>
            <option value="CONTINUOUS">CONTINUOUS</option>
          </select>
        </label>
        <PageSizeSelect id="jobs-page-size" value={filters.pageSize} onChange={(pageSize) => change({ pageSize })} />
      </form>
      <ErrorNotice error={error} context="Could not load the jobs" />
      <p class="muted" aria-live="polite">
        {busy ? 'Loading…' : refreshedAt ? `${jobs?.length ?? 0} jobs on this page, updated ${formatTime(refreshedAt)}${running ? '; refreshing every 5 s while jobs run' : ''}.` : ''}
      </p>
      <div class="table-wrap">
        <table class={busy ? 'data stale' : 'data'} aria-describedby="page-title" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Target selection</th>
              <th scope="col">Progress</th>
              <th scope="col">Created</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {jobs?.length === 0 ? (
              <tr>
                <td colSpan={6}>No jobs match these filters.</td>
              </tr>
            ) : null}
            {jobs?.map((job) => (
              <tr key={job.jobId} data-job-id={job.jobId}>
                <th scope="row">
                  <a href={links.job(job.jobId!)}>{job.jobId}</a>
                </th>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>{job.targetSelection}</td>
                <td>
                  <ProgressBar details={details[job.jobId!]} />
                </td>
                <td>{formatTime(job.createdAt)}</td>
                <td>{formatTime(job.lastUpdatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Jobs" pageNumber={paging.pageNumber} nextToken={nextToken} onNext={paging.next} onPrevious={paging.previous} busy={busy} />
    </section>
  );
}
