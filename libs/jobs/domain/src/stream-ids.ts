/**
 * Event-store streams of the jobs domain: the one place that spells their types and ids. JobId
 * (`[a-zA-Z0-9_-]+`) and ThingName (`[a-zA-Z0-9:_-]+`) cannot contain '/', so '/' separates the
 * parts without escaping, and the stream type is the id's first part.
 */
export const STREAM_TYPES = {
  job: 'job',
  jobExecution: 'job-execution',
  thing: 'thing',
  thingGroup: 'thing-group',
  jobTemplate: 'job-template',
} as const;

export type StreamType = (typeof STREAM_TYPES)[keyof typeof STREAM_TYPES];

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(STREAM_TYPES));

export function jobExecutionStreamId(jobId: string, thingName: string): string {
  return `${STREAM_TYPES.jobExecution}/${jobId}/${thingName}`;
}

export function jobStreamId(jobId: string): string {
  return `${STREAM_TYPES.job}/${jobId}`;
}

export function thingStreamId(thingName: string): string {
  return `${STREAM_TYPES.thing}/${thingName}`;
}

/** Thing-group names follow the thing-name rule (`[a-zA-Z0-9:_-]+`): no '/' either. */
export function thingGroupStreamId(thingGroupName: string): string {
  return `${STREAM_TYPES.thingGroup}/${thingGroupName}`;
}

/** A JobTemplateId has the JobId pattern, so it cannot contain '/' either. */
export function jobTemplateStreamId(jobTemplateId: string): string {
  return `${STREAM_TYPES.jobTemplate}/${jobTemplateId}`;
}

/** The prefix every stream id of `type` starts with (for SQL `starts_with` and LIKE filters). */
export function streamIdPrefix(type: StreamType): string {
  return `${type}/`;
}

/** The type of a stream, read from its id; undefined for a stream of no jobs type. */
export function streamTypeOf(streamId: string): StreamType | undefined {
  const type = streamId.slice(0, streamId.indexOf('/'));
  return KNOWN_TYPES.has(type) ? (type as StreamType) : undefined;
}
