import { cancelBenchmark } from './benchmarks/cancel.js';
import { createJobBenchmark } from './benchmarks/create-job.js';
import { groupJobBenchmark } from './benchmarks/group-job.js';
import { jobWideCancelBenchmark } from './benchmarks/job-wide-cancel.js';
import { notifyNextBenchmark } from './benchmarks/notify-next.js';
import { rebuildBenchmark } from './benchmarks/rebuild.js';
import { relayBenchmark } from './benchmarks/relay.js';
import { rolloutBenchmark } from './benchmarks/rollout.js';
import { streamLengthBenchmark } from './benchmarks/stream-length.js';
import type { BenchContext } from './support/context.js';
import { renderResult, type BenchmarkResult } from './support/report.js';

export type BenchmarkName =
  | 'cancel'
  | 'stream-length'
  | 'create-job'
  | 'relay'
  | 'rebuild'
  | 'job-wide-cancel'
  | 'notify-next'
  | 'group-job'
  | 'rollout';

/** In the order; memory (6) is measured inside the cancel run, relay needs Kafka, and notify-next starts a Mosquitto of its own. */
export const BENCHMARKS: Record<BenchmarkName, (context: BenchContext) => Promise<BenchmarkResult[]>> = {
  cancel: cancelBenchmark,
  'stream-length': streamLengthBenchmark,
  'create-job': createJobBenchmark,
  relay: relayBenchmark,
  rebuild: rebuildBenchmark,
  'job-wide-cancel': jobWideCancelBenchmark,
  'notify-next': notifyNextBenchmark,
  'group-job': groupJobBenchmark,
  rollout: rolloutBenchmark,
};

/** Runs the chosen benchmarks one after another (never in parallel: they would measure each other). */
export async function runSuite(
  context: BenchContext,
  only: readonly BenchmarkName[] = Object.keys(BENCHMARKS) as BenchmarkName[],
  print: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
): Promise<BenchmarkResult[]> {
  const results: BenchmarkResult[] = [];
  for (const name of only) {
    for (const result of await BENCHMARKS[name](context)) {
      print(renderResult(result));
      results.push(result);
    }
  }
  return results;
}
