/**
 * Both AWS planes share URIs (`GET /things/{thingName}/jobs` is ListJobExecutionsForThing on the
 * control plane and GetPendingJobExecutions on the data plane), so the data plane lives under a
 * path prefix. The SDK keeps an endpoint's path, so devices use
 * `new IoTJobsDataPlaneClient({ endpoint: 'http://host:port/data-plane' })`.
 */
export const DATA_PLANE_PATH_PREFIX = '/data-plane';

export type Plane = 'control' | 'data';

/** Which plane a (rewritten) request URL belongs to; error names and statuses differ by plane. */
export function planeOf(url: string): Plane {
  const path = url.split('?', 1)[0] ?? '';
  return path === DATA_PLANE_PATH_PREFIX || path.startsWith(`${DATA_PLANE_PATH_PREFIX}/`) ? 'data' : 'control';
}
