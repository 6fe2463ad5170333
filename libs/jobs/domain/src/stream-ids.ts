/**
 * Event-store stream ids. JobId (`[a-zA-Z0-9_-]+`) and ThingName (`[a-zA-Z0-9:_-]+`) cannot
 * contain '/', so '/' separates the parts without escaping.
 */
export function jobExecutionStreamId(jobId: string, thingName: string): string {
  return `job-execution/${jobId}/${thingName}`;
}

export function jobStreamId(jobId: string): string {
  return `job/${jobId}`;
}
