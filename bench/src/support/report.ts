/**
 * What every benchmark hands back: each figure next to the same run's baseline figure, so that
 * noise from a busy machine shows up on both sides and the ratio stays meaningful.
 */
export interface Figure {
  metric: string;
  unit: string;
  value: number;
  /** The baseline's figure for the same metric, measured in the same run; absent when none applies. */
  baseline?: number;
  baselineName?: string;
  /** The target, as text (e.g. "ratio >= 0.5", "<= 25 ms"). */
  target?: string;
}

export interface BenchmarkResult {
  name: string;
  figures: Figure[];
  /** Anything a reader needs to interpret the figures (sizes, settings). */
  notes: string[];
}

export function ratio(figure: Figure): number | undefined {
  if (figure.baseline === undefined || figure.baseline === 0 || !Number.isFinite(figure.baseline)) return undefined;
  return figure.value / figure.baseline;
}

const format = (n: number | undefined, digits = 1): string =>
  n === undefined ? '-' : Number.isFinite(n) ? n.toFixed(n >= 100 ? 0 : digits) : String(n);

/** A plain-text table per benchmark: metric, value, baseline, ratio, target. */
export function renderResult(result: BenchmarkResult): string {
  const header = ['metric', 'value', 'baseline', 'ratio', 'target'];
  const rows = result.figures.map((f) => [
    `${f.metric} (${f.unit})`,
    format(f.value),
    f.baseline === undefined ? '-' : `${format(f.baseline)} ${f.baselineName ?? ''}`.trim(),
    format(ratio(f), 2),
    f.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [`== ${result.name}`, ...result.notes.map((n) => `   ${n}`), line(header), ...rows.map(line), ''].join('\n');
}
