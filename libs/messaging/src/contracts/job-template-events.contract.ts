import { STREAM_TYPES, streamTypeOf, type JobTemplateEventType } from '#jobs/domain';
import type { SourceEvent } from './job-events.contract.js';

/**
 * The job templates' part of the published contract (docs/asyncapi.yaml): events of the
 * job-template streams go to their own topic, `<prefix>.job-templates.v1`, keyed by the template
 * id, so one template's history (created, tagged, untagged, deleted, created again) stays in order
 * on one partition. Own topic rather than the jobs topic, as the registry's events have theirs: a
 * template id and a job id are separate names (template `fw` and job `fw` may both exist), so on
 * one topic they would share keys, and every consumer of the jobs topic reads `jobId` and
 * `kind: job`; a new topic adds templates without changing what those consumers receive.
 */

/**
 * Operation names by event type, keyed by the domain's union: a new template event type does not
 * compile until it has its name here.
 */
export const JOB_TEMPLATE_OPERATIONS: Readonly<Record<JobTemplateEventType, string>> = {
  JobTemplateCreated: 'created',
  JobTemplateDeleted: 'deleted',
  JobTemplateTagged: 'tagged',
  JobTemplateUntagged: 'untagged',
};

export interface JobTemplatePayload {
  kind: 'job-template';
  eventId: string;
  eventType: string;
  /** See JOB_TEMPLATE_OPERATIONS. */
  operation: string;
  jobTemplateId: string;
  /** Access key id of the caller. */
  actor: string | null;
  /** ISO-8601: when the change happened. */
  timestamp: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  schemaVersion: number;
  /** The domain event's data, unchanged (libs/jobs/domain/src/job-template/events.ts). */
  data: Record<string, unknown>;
}

export function isJobTemplateStream(streamId: string): boolean {
  return streamTypeOf(streamId) === STREAM_TYPES.jobTemplate;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The payload of a job-template event; undefined for any other stream. */
export function toJobTemplatePayload(event: SourceEvent): JobTemplatePayload | undefined {
  if (!isJobTemplateStream(event.streamId)) return undefined;
  const d = event.data;
  return {
    kind: 'job-template',
    eventId: event.eventId,
    eventType: event.type,
    operation: (JOB_TEMPLATE_OPERATIONS as Readonly<Record<string, string>>)[event.type] ?? event.type,
    jobTemplateId: String(d.jobTemplateId),
    actor: text(d.actor) ?? text(event.metadata.actor),
    timestamp: text(d.at) ?? event.occurredAt.toISOString(),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    schemaVersion: event.schemaVersion,
    data: d,
  };
}

/** Checks a decoded payload's kind (the headers are checked by the caller). */
export function isJobTemplatePayload(payload: { kind?: unknown }): payload is JobTemplatePayload {
  return payload.kind === 'job-template';
}
