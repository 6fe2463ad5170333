import { DescribeJobCommand, type Job } from '@aws-sdk/client-iot';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { formatTime, links } from '../format.js';
import { ErrorNotice, InfoNotice, StatusBadge } from '../components/notices.js';
import { countsOf, ProgressBar } from '../components/progress-bar.js';
import { usePolling } from '../use-polling.js';
import { JobActions } from './job-actions.js';
import { JobExecutionsTable } from './job-executions.js';
import { JobStatusChart } from './job-chart.js';

const REFRESH_MS = 5_000;

/** One job: its configuration, counters, the statuses over time, its executions and its actions. */
export function JobPage({ context, jobId }: { context: ConsoleContext; jobId: string }) {
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [refreshCount, setRefreshCount] = useState(0);

  const load = async () => {
    const answer = await context.iot.send(new DescribeJobCommand({ jobId }));
    setJob(answer.job);
    setError(undefined);
    setRefreshCount((n) => n + 1);
  };
  useEffect(() => void load().catch(setError), []);
  usePolling(job?.status === 'IN_PROGRESS' || job?.status === 'DELETION_IN_PROGRESS', REFRESH_MS, () => load().catch(setError));

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <a href={links.jobs()}>Jobs</a> /
      </p>
      <h1 id="page-title" tabIndex={-1}>
        Job {jobId}
      </h1>
      <ErrorNotice error={error} context="Could not load the job" />
      {notice ? <InfoNotice tone="success">{notice}</InfoNotice> : null}
      {job ? (
        <>
          <div class="summary-row">
            <StatusBadge status={job.status} />
            <ProgressBar details={job.jobProcessDetails} />
          </div>
          <JobActions context={context} job={job} onDone={(message) => (setNotice(message), load().catch(setError))} />
          <div class="columns">
            <JobConfiguration job={job} />
            <JobCounters job={job} />
          </div>
          <JobStatusChart context={context} jobId={jobId} refreshKey={refreshCount} />
          <JobExecutionsTable context={context} jobId={jobId} refreshKey={refreshCount} />
        </>
      ) : null}
    </section>
  );
}

function JobConfiguration({ job }: { job: Job }) {
  const rows: Array<[string, preact.ComponentChildren]> = [
    ['Description', job.description ?? '—'],
    ['Target selection', job.targetSelection],
    ['Targets', `${job.targets?.length ?? 0} thing${job.targets?.length === 1 ? '' : 's'}`],
    ['Created', formatTime(job.createdAt)],
    ['Last updated', formatTime(job.lastUpdatedAt)],
    ['Completed', formatTime(job.completedAt)],
    ['In-progress timeout', job.timeoutConfig?.inProgressTimeoutInMinutes ? `${job.timeoutConfig.inProgressTimeoutInMinutes} min` : 'none'],
    ['Retries', job.jobExecutionsRetryConfig?.criteriaList?.map((c) => `${c.failureType} ×${c.numberOfRetries}`).join(', ') || 'none'],
  ];
  if (job.status === 'CANCELED' || job.reasonCode || job.comment) {
    rows.push(['Cancel reason', [job.reasonCode, job.comment].filter(Boolean).join(': ') || '—'], ['Forced', job.forceCanceled ? 'yes' : 'no']);
  }
  return (
    <section aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <dl class="facts">
        {rows.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function JobCounters({ job }: { job: Job }) {
  return (
    <section aria-labelledby="counters-title">
      <h2 id="counters-title">Executions by status</h2>
      <table class="data counters">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Things</th>
          </tr>
        </thead>
        <tbody>
          {countsOf(job.jobProcessDetails).map((c) => (
            <tr>
              <th scope="row">
                <StatusBadge status={c.status} />
              </th>
              <td class="num">{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
