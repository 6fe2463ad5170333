/** Times as the operator's locale writes them, with seconds: rollouts move by the second. */
export function formatTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function thingNameOf(thingArn: string | undefined): string {
  return thingArn?.slice(thingArn.lastIndexOf('/') + 1) ?? '';
}

/** The console's own links (hash routes): the page works from any path the service is served under. */
export const links = {
  jobs: () => '#/jobs',
  job: (jobId: string) => `#/jobs/${encodeURIComponent(jobId)}`,
  execution: (jobId: string, thingName: string) => `#/jobs/${encodeURIComponent(jobId)}/things/${encodeURIComponent(thingName)}`,
};
