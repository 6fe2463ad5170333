import { STREAM_TYPES, streamTypeOf, type JobEventType, type JobExecutionEventType } from '#jobs/domain';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { OutgoingMessage } from '../publisher.js';
import { actorOf, operationOf, text, timestampOf, type EventEnvelope, type SourceEvent } from './envelope.js';
import { isRegistryPayload, registryKeyOf, toRegistryPayload, type RegistryEventPayload } from './registry-events.contract.js';
import { isJobTemplatePayload, toJobTemplatePayload, type JobTemplatePayload } from './job-template-events.contract.js';

/**
 * The published contract of the jobs service on Kafka (documented in docs/asyncapi.yaml). The
 * relay produces with `toKafkaMessage`; consumers read with `decodeJobEventMessage`. Both sides use
 * this one file, so a field cannot drift between producer and consumer.
 */

export const CONTRACT_VERSION = 'v1';
export const DEFAULT_TOPIC_PREFIX = 'iot-jobs';

export interface JobTopics {
  /** Every job-execution event; key = thingName, so one device's events keep their order. */
  jobExecutions: string;
  /** Every job event; key = jobId. */
  jobs: string;
  /** Every thing and thing-group event (registry-events.contract.ts); key = thing name, or group name. */
  things: string;
  /** Every job-template event (job-template-events.contract.ts); key = jobTemplateId. */
  jobTemplates: string;
}

/** Versioned topic names under a prefix (configurable so tests and tenants never share topics). */
export function jobTopics(prefix: string = DEFAULT_TOPIC_PREFIX): JobTopics {
  return {
    jobExecutions: `${prefix}.job-executions.${CONTRACT_VERSION}`,
    jobs: `${prefix}.jobs.${CONTRACT_VERSION}`,
    things: `${prefix}.things.${CONTRACT_VERSION}`,
    jobTemplates: `${prefix}.job-templates.${CONTRACT_VERSION}`,
  };
}

/** CloudEvents Kafka protocol binding (binary mode) headers, plus the event store's coordinates. */
export const HEADERS = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  specVersion: 'ce_specversion',
  contentType: 'content-type',
  streamId: 'x-stream-id',
  streamVersion: 'x-stream-version',
  globalPosition: 'x-global-position',
  schemaVersion: 'x-schema-version',
  /**
   * Which relay instance published the record (its lease owner id, `<host>:<pid>:<uuid>`). Only for
   * operators and tests (who published what, e.g. during a lease hand-over); consumers need not read it.
   */
  relayOwner: 'x-relay-owner',
} as const;

/**
 * AWS IoT's job-execution event `operation` names, by our event type. Keyed by the domain's event
 * unions, so a new event type does not compile until it has its operation name here.
 */
export const EXECUTION_OPERATIONS: Readonly<Record<JobExecutionEventType, string>> = {
  JobExecutionQueued: 'queued',
  JobExecutionStarted: 'started',
  JobExecutionUpdated: 'updated',
  JobExecutionSucceeded: 'succeeded',
  JobExecutionFailed: 'failed',
  JobExecutionRejected: 'rejected',
  JobExecutionTimedOut: 'timedOut',
  JobExecutionCanceled: 'canceled',
  JobExecutionDeleted: 'removed',
  // AWS has one 'removed' event for an execution that is gone for the device; eventType tells which.
  JobExecutionRemoved: 'removed',
};

export const JOB_OPERATIONS: Readonly<Record<JobEventType, string>> = {
  JobCreated: 'created',
  JobStarted: 'started',
  JobRolloutStopped: 'rolloutStopped',
  JobUpdated: 'updated',
  JobAborted: 'aborted',
  JobCanceled: 'canceled',
  JobCompleted: 'completed',
  JobDeletionStarted: 'deletionStarted',
  JobDeleted: 'deleted',
  JobRolloutAdvanced: 'rolloutAdvanced',
  JobTargetsAssociated: 'targetsAssociated',
  JobTagged: 'tagged',
  JobUntagged: 'untagged',
};

/** The envelope (operations: EXECUTION_OPERATIONS / JOB_OPERATIONS), the job and its status. */
interface PayloadCommon extends EventEnvelope {
  jobId: string;
  status: string | null;
}

/** What consumers of AWS IoT's own job-execution events expect, plus our per-type fields. */
export interface JobExecutionPayload extends PayloadCommon {
  kind: 'job-execution';
  thingName: string;
  thingArn: string;
  executionNumber: number;
  versionNumber: number;
  previousStatus: string | null;
  statusDetails: Record<string, string> | null;
  force: boolean | null;
}

export interface JobPayload extends PayloadCommon {
  kind: 'job';
  previousStatus: string | null;
  force: boolean | null;
}

export type JobEventPayload = JobExecutionPayload | JobPayload;

/** A decoded message: the payload plus where it came from on Kafka. */
export interface ContractEvent {
  payload: JobEventPayload;
  key: string;
  headers: Record<string, string>;
}

export interface ContractContext {
  /** CloudEvents `source`, e.g. `//iot-jobs/us-east-1/123456789012`. */
  source: string;
  region: string;
  accountId: string;
}

export function thingArnOf(context: Pick<ContractContext, 'region' | 'accountId'>, thingName: string): string {
  return `arn:aws:iot:${context.region}:${context.accountId}:thing/${thingName}`;
}

export function isJobExecutionStream(streamId: string): boolean {
  return streamTypeOf(streamId) === STREAM_TYPES.jobExecution;
}

export function isJobStream(streamId: string): boolean {
  return streamTypeOf(streamId) === STREAM_TYPES.job;
}

const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/**
 * Builds the payload of one stored event; undefined for streams outside the contract. Each kind is
 * one object literal, common fields first: `{ ...common, ... }` here cost ~13 µs per event in V8
 * (a slow clone path), about ten times the rest of building a record, on the relay's hot path.
 */
export function toPayload(event: SourceEvent, context: ContractContext): JobEventPayload | undefined {
  if (isJobExecutionStream(event.streamId)) return executionPayload(event, context);
  if (isJobStream(event.streamId)) return jobPayload(event);
  return undefined;
}

function executionPayload(event: SourceEvent, context: ContractContext): JobExecutionPayload {
  const d = event.data;
  const thingName = String(d.thingName);
  return {
    eventId: event.eventId,
    eventType: event.type,
    operation: operationOf(EXECUTION_OPERATIONS, event.type),
    jobId: String(d.jobId),
    status: text(d.status),
    actor: actorOf(event),
    timestamp: timestampOf(event),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    schemaVersion: event.schemaVersion,
    data: d,
    kind: 'job-execution',
    thingName,
    thingArn: text(d.thingArn) ?? thingArnOf(context, thingName),
    executionNumber: Number(d.executionNumber),
    versionNumber: Number(d.versionNumber),
    previousStatus: text(d.previousStatus),
    statusDetails: (d.statusDetails as Record<string, string> | undefined) ?? null,
    force: flag(d.force),
  };
}

function jobPayload(event: SourceEvent): JobPayload {
  const d = event.data;
  return {
    eventId: event.eventId,
    eventType: event.type,
    operation: operationOf(JOB_OPERATIONS, event.type),
    jobId: String(d.jobId),
    status: text(d.status),
    actor: actorOf(event),
    timestamp: timestampOf(event),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    schemaVersion: event.schemaVersion,
    data: d,
    kind: 'job',
    previousStatus: text(d.previousStatus),
    force: flag(d.force),
  };
}

export interface TopicMessage {
  topic: string;
  message: OutgoingMessage;
}

/**
 * The Kafka record of one stored event: topic, key, CloudEvents headers and JSON payload.
 * `extraHeaders` (e.g. the relay's owner id) go into the same headers object, so a caller that
 * stamps every record pays no extra copy per record.
 */
export function toKafkaMessage(
  event: SourceEvent,
  topics: JobTopics,
  context: ContractContext,
  extraHeaders?: Readonly<Record<string, string>>,
): TopicMessage | undefined {
  const payload = toPayload(event, context);
  if (payload === undefined) return registryMessage(event, topics, context, extraHeaders) ?? jobTemplateMessage(event, topics, context, extraHeaders);
  const execution = payload.kind === 'job-execution';
  const key = execution ? payload.thingName : payload.jobId;
  return {
    topic: execution ? topics.jobExecutions : topics.jobs,
    message: { key, value: JSON.stringify(payload), headers: headersOf(event, context, extraHeaders) },
  };
}

/** The record of a thing or thing-group event, on the things topic; undefined for any other stream. */
function registryMessage(
  event: SourceEvent,
  topics: JobTopics,
  context: ContractContext,
  extraHeaders?: Readonly<Record<string, string>>,
): TopicMessage | undefined {
  const payload = toRegistryPayload(event);
  if (payload === undefined) return undefined;
  return {
    topic: topics.things,
    message: { key: registryKeyOf(payload), value: JSON.stringify(payload), headers: headersOf(event, context, extraHeaders) },
  };
}

/** The record of a job-template event, on the job-templates topic keyed by template id; undefined for any other stream. */
function jobTemplateMessage(
  event: SourceEvent,
  topics: JobTopics,
  context: ContractContext,
  extraHeaders?: Readonly<Record<string, string>>,
): TopicMessage | undefined {
  const payload = toJobTemplatePayload(event);
  if (payload === undefined) return undefined;
  return {
    topic: topics.jobTemplates,
    message: { key: payload.jobTemplateId, value: JSON.stringify(payload), headers: headersOf(event, context, extraHeaders) },
  };
}

function headersOf(event: SourceEvent, context: ContractContext, extraHeaders?: Readonly<Record<string, string>>): Record<string, string> {
  return {
    [HEADERS.id]: event.eventId,
    [HEADERS.type]: event.type,
    [HEADERS.source]: context.source,
    [HEADERS.subject]: event.streamId,
    [HEADERS.time]: event.occurredAt.toISOString(),
    [HEADERS.specVersion]: '1.0',
    [HEADERS.contentType]: 'application/json',
    [HEADERS.streamId]: event.streamId,
    [HEADERS.streamVersion]: String(event.streamVersion),
    [HEADERS.globalPosition]: event.globalPosition,
    [HEADERS.schemaVersion]: String(event.schemaVersion),
    ...extraHeaders,
  };
}

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return result;
}

export class ContractViolation extends Error {}

/** Reads one record of either job topic; throws ContractViolation when it is not a contract message. */
export function decodeJobEventMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): ContractEvent {
  const { payload, key, headers } = decodeRecord(message);
  if (payload.kind !== 'job-execution' && payload.kind !== 'job') {
    throw new ContractViolation(`event ${headers[HEADERS.id]}: not a job or job-execution event`);
  }
  return { payload: payload as JobEventPayload, key, headers };
}

/** A decoded record of the things topic. */
export interface RegistryContractEvent {
  payload: RegistryEventPayload;
  key: string;
  headers: Record<string, string>;
}

/** Reads one record of the things topic; throws ContractViolation when it is not a registry event. */
export function decodeRegistryEventMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): RegistryContractEvent {
  const { payload, key, headers } = decodeRecord(message);
  if (!isRegistryPayload(payload)) throw new ContractViolation(`event ${headers[HEADERS.id]}: not a thing or thing-group event`);
  return { payload, key, headers };
}

/** A decoded record of the job-templates topic. */
export interface JobTemplateContractEvent {
  payload: JobTemplatePayload;
  key: string;
  headers: Record<string, string>;
}

/** Reads one record of the job-templates topic; throws ContractViolation when it is not a job-template event. */
export function decodeJobTemplateEventMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): JobTemplateContractEvent {
  const { payload, key, headers } = decodeRecord(message);
  if (!isJobTemplatePayload(payload)) throw new ContractViolation(`event ${headers[HEADERS.id]}: not a job-template event`);
  return { payload, key, headers };
}

function decodeRecord(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): {
  payload: { kind?: unknown };
  key: string;
  headers: Record<string, string>;
} {
  const headers = headersAsText(message.headers);
  if (headers[HEADERS.specVersion] !== '1.0' || headers[HEADERS.id] === undefined) {
    throw new ContractViolation('not a CloudEvents 1.0 message of the jobs contract');
  }
  if (message.value === null) throw new ContractViolation(`event ${headers[HEADERS.id]} has no payload`);
  const payload = JSON.parse(message.value.toString('utf8')) as { eventId?: unknown; kind?: unknown };
  if (payload === null || typeof payload !== 'object' || payload.eventId !== headers[HEADERS.id]) {
    throw new ContractViolation(`event ${headers[HEADERS.id]}: payload does not match its headers`);
  }
  return { payload, key: message.key?.toString('utf8') ?? '', headers };
}
