import { CancelJobCommand, DeleteJobCommand, type Job } from '@aws-sdk/client-iot';
import { useState } from 'preact/hooks';
import type { ConsoleContext } from '../context.js';
import { links } from '../format.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/notices.js';

type Open = 'cancel' | 'delete' | undefined;

/** CancelJob and DeleteJob, each behind a confirmation that says what happens to the executions. */
export function JobActions({ context, job, onDone }: { context: ConsoleContext; job: Job; onDone(message: string): void }) {
  const [open, setOpen] = useState<Open>();
  const [force, setForce] = useState(false);
  const [reasonCode, setReasonCode] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const queued = job.jobProcessDetails?.numberOfQueuedThings ?? 0;
  const inProgress = job.jobProcessDetails?.numberOfInProgressThings ?? 0;

  const openDialog = (which: Open) => {
    setForce(false);
    setError(undefined);
    setOpen(which);
  };
  const run = async (action: () => Promise<unknown>, message: string, after?: () => void) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setOpen(undefined);
      if (after) after();
      else onDone(message);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () =>
    run(
      () => context.iot.send(new CancelJobCommand({ jobId: job.jobId!, force, reasonCode: reasonCode || undefined, comment: comment || undefined })),
      `Job canceled${force ? ' with force' : ''}.`,
    );
  const remove = () =>
    run(
      () => context.iot.send(new DeleteJobCommand({ jobId: job.jobId!, force })),
      '',
      () => (location.hash = links.jobs()),
    );

  const cancelable = job.status === 'IN_PROGRESS' || (job.status === 'CANCELED' && inProgress > 0);
  return (
    <div class="actions">
      <button type="button" onClick={() => openDialog('cancel')} disabled={!cancelable} aria-describedby={cancelable ? undefined : 'cancel-unavailable'}>
        Cancel job…
      </button>
      <button type="button" class="danger" onClick={() => openDialog('delete')} disabled={job.status === 'DELETION_IN_PROGRESS'}>
        Delete job…
      </button>
      {cancelable ? null : (
        <span id="cancel-unavailable" class="muted">
          A {job.status} job cannot be canceled.
        </span>
      )}
      {open === 'cancel' ? (
        <ConfirmDialog title={`Cancel job ${job.jobId}?`} confirmLabel={force ? 'Cancel job with force' : 'Cancel job'} danger busy={busy} onConfirm={cancel} onClose={() => setOpen(undefined)}>
          <ul class="effects">
            <li>
              <strong>{queued} QUEUED</strong> execution{queued === 1 ? '' : 's'} will be canceled; no device will start them.
            </li>
            <li>
              <strong>{inProgress} IN_PROGRESS</strong> execution{inProgress === 1 ? '' : 's'}{' '}
              {force
                ? 'will be canceled too, although their devices may be in the middle of the work: the devices are not told to stop and may be left in an unknown state.'
                : 'will be left to finish (their devices may still report success or failure). Choose force to cancel them too.'}
            </li>
            <li>Finished executions stay as they are.</li>
          </ul>
          <label class="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} /> Force: also cancel IN_PROGRESS executions
          </label>
          <label for="cancel-reason-code">Reason code (optional; capital letters, digits and _)</label>
          <input id="cancel-reason-code" value={reasonCode} pattern="[A-Z0-9_]+" maxLength={128} onInput={(e) => setReasonCode((e.target as HTMLInputElement).value)} />
          <label for="cancel-comment">Comment (optional)</label>
          <textarea id="cancel-comment" value={comment} maxLength={2028} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          <ErrorNotice error={error} context="The job was not canceled" />
        </ConfirmDialog>
      ) : null}
      {open === 'delete' ? (
        <ConfirmDialog title={`Delete job ${job.jobId}?`} confirmLabel={force ? 'Delete job with force' : 'Delete job'} danger busy={busy} onConfirm={remove} onClose={() => setOpen(undefined)}>
          <ul class="effects">
            <li>The job and all its executions will be deleted; their history stays in the audit history.</li>
            <li>
              <strong>{queued} QUEUED</strong> execution{queued === 1 ? '' : 's'} will be deleted and never run.
            </li>
            <li>
              <strong>{inProgress} IN_PROGRESS</strong> execution{inProgress === 1 ? '' : 's'}{' '}
              {force
                ? 'will be deleted while their devices may be working on them; the devices are not told, and may be left in an unknown state.'
                : job.status === 'IN_PROGRESS'
                  ? 'block the deletion: without force only a COMPLETED or CANCELED job can be deleted, so the service will refuse.'
                  : 'will be deleted too (the job no longer runs, so no force is needed); their devices are not told.'}
            </li>
          </ul>
          <label class="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} /> Force: delete even while executions are IN_PROGRESS
          </label>
          <ErrorNotice error={error} context="The job was not deleted" />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
