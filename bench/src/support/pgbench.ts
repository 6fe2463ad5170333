import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { percentile } from './stats.js';

const run = promisify(execFile);

export interface PgbenchResult {
  transactions: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The database limit of one CancelJobExecution: the minimal SQL a cancel needs, by hand, in one
 * transaction (read the version, guarded version bump, insert the event, update the read model),
 * on executions the service itself queued. Each transaction takes the next thing from a sequence,
 * so each execution is cancelled once, as in the HTTP run.
 */
export function cancelScript(jobId: string, thingPrefix: string, sequence: string): string {
  const stream = `'job-execution/${jobId}/${thingPrefix}-' || :n`;
  return `BEGIN;
SELECT q.n AS n, s.version AS v FROM (SELECT nextval('${sequence}') AS n) q JOIN es_streams s ON s.stream_id = 'job-execution/${jobId}/${thingPrefix}-' || q.n \\gset
UPDATE es_streams SET version = :v + 1, updated_at = now() WHERE stream_id = ${stream} AND version = :v;
INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at) VALUES (${stream}, :v + 1, gen_random_uuid(), 'JobExecutionCanceled', 1, jsonb_build_object('jobId', '${jobId}', 'thingName', '${thingPrefix}-' || :n, 'executionNumber', 1, 'versionNumber', 2, 'status', 'CANCELED', 'previousStatus', 'QUEUED', 'at', now(), 'actor', 'AKIDBENCHOPERATOR', 'force', false, 'forceCanceled', false), '{"actor":"AKIDBENCHOPERATOR"}', now());
UPDATE job_execution_view SET stream_version = :v + 1, status = 'CANCELED', version_number = version_number + 1, last_updated_at = now(), force_canceled = false WHERE job_id = '${jobId}' AND thing_name = '${thingPrefix}-' || :n AND is_latest;
END;
`;
}

/** Runs `script` `total` times over `clients` connections with pgbench (prepared statements). */
export async function runPgbench(databaseUrl: string, script: string, clients: number, total: number, sequence: string): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pgbench-'));
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP SEQUENCE IF EXISTS ${sequence}; CREATE SEQUENCE ${sequence}`);
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(clients),
        '-j',
        String(Math.min(clients, 2)),
        '-t',
        String(Math.floor(total / clients)),
        '-f',
        file,
        '-l',
        `--log-prefix=${join(dir, 'tx')}`,
        databaseUrl,
      ],
      { maxBuffer: 10 * 1024 * 1024 },
    );
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} transactions failed\n${stdout}`);
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const latencies = readLatenciesMs(dir);
    return {
      transactions: latencies.length,
      throughput: tps ? Number(tps[1]) : Number.NaN,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    await admin.query(`DROP SEQUENCE IF EXISTS ${sequence}`).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench's per-transaction log: "client_id transaction_no time_us script_no epoch epoch_us". */
function readLatenciesMs(dir: string): number[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('tx'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.split(' ')[2]) / 1000);
}
