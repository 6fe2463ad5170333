import type { DeviceJobExecution, JobExecutionView } from '#jobs/application';
import { toDpJobExecution, toDpJobExecutionSummary, type DpJobExecutionSummary, wholeEpochSeconds } from '#jobs/wire';

/**
 * Executions as the MQTT API shows them: the data plane's shapes (integer epoch seconds), except
 * that the job document is the parsed JSON object, as device SDKs read `jobDocument.<field>`.
 */
export function toMqttExecution(execution: DeviceJobExecution, now: Date): Record<string, unknown> {
  const { jobDocument, ...rest } = toDpJobExecution(execution, now);
  return jobDocument === undefined ? { ...rest } : { ...rest, jobDocument: documentObject(jobDocument) };
}

export function toMqttSummary(view: JobExecutionView): DpJobExecutionSummary {
  return toDpJobExecutionSummary(view);
}

/** A document that is not a JSON object (the control plane accepts any text) is passed as text. */
export function documentObject(document: string): unknown {
  try {
    const parsed: unknown = JSON.parse(document);
    return typeof parsed === 'object' && parsed !== null ? parsed : document;
  } catch {
    return document;
  }
}

/** Every reply and notification carries `timestamp`: when it was sent, in whole epoch seconds. */
export function timestampOf(now: Date): number {
  return wholeEpochSeconds(now);
}
