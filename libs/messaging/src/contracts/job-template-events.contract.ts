import { STREAM_TYPES, streamTypeOf, type JobTemplateEventType } from '#jobs/domain';
import { envelopeOf, type EventEnvelope, type SourceEvent } from './envelope.js';

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

/** The envelope (operations: JOB_TEMPLATE_OPERATIONS; data as in libs/jobs/domain/src/job-template/events.ts) and the template. */
export interface JobTemplatePayload extends EventEnvelope {
  kind: 'job-template';
  jobTemplateId: string;
}

export function isJobTemplateStream(streamId: string): boolean {
  return streamTypeOf(streamId) === STREAM_TYPES.jobTemplate;
}

/** The payload of a job-template event; undefined for any other stream. */
export function toJobTemplatePayload(event: SourceEvent): JobTemplatePayload | undefined {
  if (!isJobTemplateStream(event.streamId)) return undefined;
  return { ...envelopeOf(event, JOB_TEMPLATE_OPERATIONS), kind: 'job-template', jobTemplateId: String(event.data.jobTemplateId) };
}

/** Checks a decoded payload's kind (the headers are checked by the caller). */
export function isJobTemplatePayload(payload: { kind?: unknown }): payload is JobTemplatePayload {
  return payload.kind === 'job-template';
}
