import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `tick` every `intervalMs` while `active`, one call at a time (a slow answer delays the next
 * call instead of piling calls up), and stops when the component goes away.
 */
export function usePolling(active: boolean, intervalMs: number, tick: () => Promise<void>): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const loop = async () => {
      if (stopped) return;
      await latest.current().catch(() => undefined);
      if (!stopped) timer = setTimeout(loop, intervalMs);
    };
    timer = setTimeout(loop, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, intervalMs]);
}
