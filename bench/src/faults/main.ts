import { OwnBroker } from '#testing';
import { cutDatabase, killService, stopBroker, type ScenarioSettings } from './scenarios.js';

/**
 * `npm run faults [-- kill db broker]`: fault scenarios with real processes (the service as a
 * child process, a private Kafka broker, a TCP proxy in front of Postgres). Each prints its
 * figures as JSON; the exit code is 1 if any lost or duplicated an acknowledged command.
 */
const chosen = new Set(process.argv.slice(2).filter((arg) => !arg.startsWith('--')));
const all = chosen.size === 0;

const settings = {
  kill: { workers: 8, loadMs: 10_000, faultAtMs: 4_000, faultMs: 0 },
  db: { workers: 8, loadMs: 12_000, faultAtMs: 3_000, faultMs: 5_000 },
  broker: { workers: 8, loadMs: 45_000, faultAtMs: 5_000, faultMs: 30_000 },
} satisfies Record<string, ScenarioSettings>;

async function main(): Promise<number> {
  const outcomes: Record<string, boolean> = {};
  const needsBroker = all || chosen.has('kill') || chosen.has('broker');
  const broker = new OwnBroker();
  try {
    if (needsBroker) await broker.start();
    if (all || chosen.has('kill')) outcomes.kill = await killService(broker, settings.kill);
    if (all || chosen.has('db')) outcomes.db = await cutDatabase(settings.db);
    // Last: it stops and restarts the broker the others use.
    if (all || chosen.has('broker')) outcomes.broker = await stopBroker(broker, settings.broker);
  } finally {
    if (needsBroker) await broker.destroy();
  }
  console.log(JSON.stringify({ outcomes }));
  return Object.values(outcomes).every(Boolean) ? 0 : 1;
}

const code = await main().catch((error: unknown) => {
  console.error(error);
  return 1;
});
// Every process this started is stopped by now; kafkajs may still hold idle sockets open.
process.exit(code);
