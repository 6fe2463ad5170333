import { CancelJobExecutionCommand, DescribeJobExecutionCommand, type JobExecution } from '@aws-sdk/client-iot';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { formatTime, links } from '../format.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorNotice, InfoNotice, StatusBadge } from '../components/notices.js';
import { ExecutionTimeline } from './execution-timeline.js';

/**
 * One execution as the service describes it, its audit timeline, and CancelJobExecution with the
 * `expectedVersion` of the state on screen: the state is not refreshed behind the operator's back,
 * so a cancel applies to exactly what they saw, or is refused and the new state shown instead.
 */
export function ExecutionPage({ context, jobId, thingName }: { context: ConsoleContext; jobId: string; thingName: string }) {
  const [execution, setExecution] = useState<JobExecution>();
  const [error, setError] = useState<unknown>();
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'warning'; text: string }>();

  const load = async () => {
    const answer = await context.iot.send(new DescribeJobExecutionCommand({ jobId, thingName }));
    setExecution(answer.execution);
    setError(undefined);
    return answer.execution;
  };
  useEffect(() => void load().catch(setError), []);

  const onCanceled = async () => setOutcome({ tone: 'success', text: `Canceled. The execution is now ${(await load())?.status}.` });
  const onConflict = async (seen: JobExecution) => {
    const now = await load();
    setOutcome({
      tone: 'warning',
      text:
        `Nothing was canceled: this execution changed after the page showed it (version ${seen.versionNumber}, ${seen.status}). ` +
        `It is now ${now?.status} at version ${now?.versionNumber}. Check the new state below and cancel again if it is still needed.`,
    });
  };

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <a href={links.jobs()}>Jobs</a> / <a href={links.job(jobId)}>{jobId}</a> /
      </p>
      <h1 id="page-title" tabIndex={-1}>
        Execution of {jobId} on {thingName}
      </h1>
      <ErrorNotice error={error} context="Could not load the execution" />
      {outcome ? (
        <InfoNotice tone={outcome.tone}>
          <span data-outcome={outcome.tone}>{outcome.text}</span>
        </InfoNotice>
      ) : null}
      {execution ? (
        <>
          <ExecutionState execution={execution} onReload={() => (setOutcome(undefined), load().catch(setError))} />
          <CancelExecution context={context} jobId={jobId} thingName={thingName} execution={execution} onCanceled={onCanceled} onConflict={onConflict} />
          <ExecutionTimeline context={context} jobId={jobId} thingName={thingName} shown={execution} />
        </>
      ) : null}
    </section>
  );
}

function ExecutionState({ execution, onReload }: { execution: JobExecution; onReload(): void }) {
  const details = Object.entries(execution.statusDetails?.detailsMap ?? {});
  return (
    <section aria-labelledby="state-title">
      <h2 id="state-title">Current state</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={execution.status} />
          {execution.forceCanceled ? ' (force-canceled)' : ''}
        </dd>
        <dt>Version</dt>
        <dd data-testid="version">{execution.versionNumber}</dd>
        <dt>Execution number</dt>
        <dd>#{execution.executionNumber}</dd>
        <dt>Queued</dt>
        <dd>{formatTime(execution.queuedAt)}</dd>
        <dt>Started</dt>
        <dd>{formatTime(execution.startedAt)}</dd>
        <dt>Last updated</dt>
        <dd>{formatTime(execution.lastUpdatedAt)}</dd>
        <dt>Status details</dt>
        <dd>{details.length ? details.map(([k, v]) => `${k}=${v}`).join(', ') : '—'}</dd>
      </dl>
      <button type="button" onClick={onReload}>
        Reload state
      </button>
    </section>
  );
}

function CancelExecution(props: { context: ConsoleContext; jobId: string; thingName: string; execution: JobExecution; onCanceled(): Promise<void>; onConflict(seen: JobExecution): Promise<void> }) {
  const { context, execution } = props;
  const [open, setOpen] = useState(false);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const status = execution.status;
  if (status !== 'QUEUED' && status !== 'IN_PROGRESS') {
    return <p class="muted">A {status} execution cannot be canceled.</p>;
  }
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await context.iot.send(
        new CancelJobExecutionCommand({ jobId: props.jobId, thingName: props.thingName, force, expectedVersion: execution.versionNumber }),
      );
      setOpen(false);
      await props.onCanceled();
    } catch (failure) {
      if ((failure as Error).name === 'VersionConflictException') {
        setOpen(false);
        await props.onConflict(execution).catch(setError);
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel this execution</h2>
      <label class="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} /> Force (needed for an IN_PROGRESS execution)
      </label>
      <button type="button" class="danger" onClick={() => (setError(undefined), setOpen(true))}>
        Cancel execution…
      </button>
      <ErrorNotice error={open ? undefined : error} context="The execution was not canceled" />
      {open ? (
        <ConfirmDialog title="Cancel this execution?" confirmLabel={force ? 'Cancel execution with force' : 'Cancel execution'} danger busy={busy} onConfirm={confirm} onClose={() => setOpen(false)}>
          <p>
            Execution #{execution.executionNumber} is <strong>{status}</strong> at version <strong>{execution.versionNumber}</strong>. The cancel applies only if it is still at that version; if it changed meanwhile, nothing happens and the new state is shown.
          </p>
          <p>
            {status === 'QUEUED'
              ? 'It will be canceled before its device starts it.'
              : force
                ? 'It will be canceled although its device may be in the middle of the work; the device is not told to stop and may be left in an unknown state.'
                : 'An IN_PROGRESS execution can be canceled only with force: without it the service will refuse.'}
          </p>
          <ErrorNotice error={error} context="The execution was not canceled" />
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
