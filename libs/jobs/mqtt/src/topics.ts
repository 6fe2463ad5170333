/**
 * The reserved jobs topics of one thing: `$aws/things/<thing>/jobs/...`. Devices publish requests;
 * the service answers on `<request topic>/accepted` or `/rejected` and pushes `notify` and
 * `notify-next`.
 */
export type JobsOperation =
  | { kind: 'get-pending' }
  | { kind: 'start-next' }
  | { kind: 'describe'; jobId: string }
  | { kind: 'update'; jobId: string };

export type ParsedTopic =
  /** A request the service answers. */
  | { type: 'request'; thingName: string; operation: JobsOperation }
  /** Under a thing's jobs topics but no operation: answered with InvalidTopic. */
  | { type: 'unknown'; thingName: string }
  /** What the service itself publishes (replies, notifications), or not a jobs topic at all. */
  | { type: 'ignored' };

const PREFIX = '$aws/things/';
const JOBS = '/jobs/';
const OUTPUT_SUFFIXES = ['/accepted', '/rejected'];
const NOTIFICATIONS = new Set(['notify', 'notify-next']);

/** The filter the service subscribes to: every thing's jobs topics. */
export const ALL_JOBS_TOPICS = '$aws/things/+/jobs/#';

export function parseJobsTopic(topic: string): ParsedTopic {
  if (!topic.startsWith(PREFIX)) return { type: 'ignored' };
  const afterPrefix = topic.slice(PREFIX.length);
  const jobsAt = afterPrefix.indexOf(JOBS);
  if (jobsAt <= 0) return { type: 'ignored' };
  const thingName = afterPrefix.slice(0, jobsAt);
  const rest = afterPrefix.slice(jobsAt + JOBS.length);
  if (NOTIFICATIONS.has(rest) || OUTPUT_SUFFIXES.some((suffix) => rest.endsWith(suffix))) return { type: 'ignored' };
  const operation = operationOf(rest.split('/'));
  return operation ? { type: 'request', thingName, operation } : { type: 'unknown', thingName };
}

function operationOf(parts: string[]): JobsOperation | undefined {
  if (parts.length === 1 && parts[0] === 'get') return { kind: 'get-pending' };
  if (parts.length === 1 && parts[0] === 'start-next') return { kind: 'start-next' };
  const [jobId, verb] = parts;
  if (parts.length !== 2 || !jobId) return undefined;
  if (verb === 'get') return { kind: 'describe', jobId };
  if (verb === 'update') return { kind: 'update', jobId };
  return undefined;
}

export function acceptedTopic(requestTopic: string): string {
  return `${requestTopic}/accepted`;
}

export function rejectedTopic(requestTopic: string): string {
  return `${requestTopic}/rejected`;
}

export function notifyTopic(thingName: string): string {
  return `${PREFIX}${thingName}/jobs/notify`;
}

export function notifyNextTopic(thingName: string): string {
  return `${PREFIX}${thingName}/jobs/notify-next`;
}
