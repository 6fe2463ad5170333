import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'jobs' }
  | { page: 'job'; jobId: string }
  | { page: 'execution'; jobId: string; thingName: string }
  | { page: 'not-found' };

/** Hash routes (#/jobs/...): the service serves one page and needs no route of its own per view. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'jobs')) return { page: 'jobs' };
  if (parts[0] === 'jobs' && parts.length === 2) return { page: 'job', jobId: parts[1]! };
  if (parts[0] === 'jobs' && parts[2] === 'things' && parts.length === 4) return { page: 'execution', jobId: parts[1]!, thingName: parts[3]! };
  return { page: 'not-found' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
