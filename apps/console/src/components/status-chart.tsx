import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { SERIES_STATUSES, type StatusSeries } from '../status-series.js';

/** Colours with at least 3:1 contrast on white; the legend also names each status. */
const COLOURS: Record<string, string> = {
  QUEUED: '#5c5c5c',
  IN_PROGRESS: '#0b57d0',
  SUCCEEDED: '#137333',
  FAILED: '#c5221f',
  TIMED_OUT: '#b06000',
  REJECTED: '#8e24aa',
  REMOVED: '#795548',
  CANCELED: '#202124',
};

/** Line chart of things per execution status over time (uPlot draws on a canvas: cheap at 10,000 points). */
export function StatusChart({ series, label }: { series: StatusSeries; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  useEffect(() => {
    const element = container.current!;
    const width = Math.max(320, element.clientWidth || 720);
    const shown = SERIES_STATUSES.filter((s) => series.counts[s].some((n) => n > 0));
    const data: uPlot.AlignedData = [series.times, ...shown.map((s) => series.counts[s])];
    chart.current?.destroy();
    chart.current = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: true } },
        axes: [{}, { label: 'things', values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) }],
        series: [{}, ...shown.map((s) => ({ label: s, stroke: COLOURS[s], width: 2, paths: uPlot.paths.stepped!({ align: 1 }) }))],
      },
      data,
      element,
    );
    return () => {
      chart.current?.destroy();
      chart.current = undefined;
    };
  }, [series]);
  return <div ref={container} class="chart" role="img" aria-label={label} />;
}
