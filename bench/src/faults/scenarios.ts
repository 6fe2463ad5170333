import { setTimeout as delay } from 'node:timers/promises';
import { CuttableProxy, freshDatabase, type OwnBroker, pollUntil } from '#testing';
import { auditKafka, auditStore, report, runLoad, ServiceProcess } from './support.js';

export interface ScenarioSettings {
  workers: number;
  loadMs: number;
  /** When the fault starts, from the start of the load. */
  faultAtMs: number;
  faultMs: number;
}

const uniquePrefix = (name: string) => `faults.${name}.${Date.now().toString(36)}`;

/** kill -9 of the service under load, immediate restart on the same port and database. */
export async function killService(broker: OwnBroker, settings: ScenarioSettings): Promise<boolean> {
  const db = await freshDatabase('fault_kill');
  const prefix = uniquePrefix('kill');
  const service = await ServiceProcess.start({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: broker.brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_RELAY_LEASE_MS: '1000',
  });
  let faultOn = false;
  let restartMs = 0;
  try {
    const load = runLoad(service.url, {
      workers: settings.workers,
      durationMs: settings.loadMs,
      maxCommandsPerWorker: 5_000,
      faultOn: () => faultOn,
    });
    await delay(settings.faultAtMs);
    faultOn = true;
    await service.kill9();
    restartMs = await service.launch();
    faultOn = false;
    const result = await load;
    const store = await auditStore(db.url, result.acknowledged);
    const kafka = await auditKafka(broker.brokers, prefix, db.url);
    report({
      scenario: 'kill -9 of the service',
      load: `${settings.workers} workers, ${settings.loadMs} ms`,
      fault: 'SIGKILL, then restart on the same port',
      restartMs,
      ...result,
      store,
      kafka,
    });
    return (
      store.lostInStore === 0 && store.lostInReadModels === 0 && store.duplicatedEventIds === 0 && store.streamsWithGaps === 0 && kafka.missing === 0
    );
  } finally {
    await service.stop();
    await db.drop();
  }
}

/**
 * Postgres unreachable for this service only: its DATABASE_URL points at a TCP proxy that refuses
 * every connection for `faultMs`. The machine's Postgres is shared with other test runs, so it is
 * not restarted; to the service the two are the same (connections drop, new ones fail).
 */
export async function cutDatabase(settings: ScenarioSettings): Promise<boolean> {
  const db = await freshDatabase('fault_db');
  const target = new URL(db.url);
  const proxy = await CuttableProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(db.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const service = await ServiceProcess.start({ DATABASE_URL: proxied.toString(), KAFKA_BROKERS: '', DATABASE_CONNECT_TIMEOUT_MS: '500' });
  let faultOn = false;
  try {
    const load = runLoad(service.url, {
      workers: settings.workers,
      durationMs: settings.loadMs,
      maxCommandsPerWorker: 5_000,
      faultOn: () => faultOn,
    });
    await delay(settings.faultAtMs);
    faultOn = true;
    proxy.switchTo('refuse');
    await delay(settings.faultMs);
    proxy.switchTo('forward');
    const recovered = Date.now();
    await pollUntil(async () => ((await fetch(`${service.url}/health/ready`)).ok ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
    const readyAfterMs = Date.now() - recovered;
    faultOn = false;
    const result = await load;
    const store = await auditStore(db.url, result.acknowledged);
    report({
      scenario: 'Postgres cut (TCP proxy refuses)',
      load: `${settings.workers} workers, ${settings.loadMs} ms`,
      fault: `${settings.faultMs} ms refused`,
      readyAfterMs,
      ...result,
      store,
    });
    return store.lostInStore === 0 && store.lostInReadModels === 0 && store.duplicatedEventIds === 0 && store.streamsWithGaps === 0;
  } finally {
    await service.stop();
    await proxy.stop();
    await db.drop();
  }
}

/** The private broker stopped for `faultMs` under load; commands must not notice, Kafka catches up. */
export async function stopBroker(broker: OwnBroker, settings: ScenarioSettings): Promise<boolean> {
  const db = await freshDatabase('fault_broker');
  const prefix = uniquePrefix('broker');
  const service = await ServiceProcess.start({ DATABASE_URL: db.url, KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC_PREFIX: prefix });
  let faultOn = false;
  try {
    const load = runLoad(service.url, {
      workers: settings.workers,
      durationMs: settings.loadMs,
      maxCommandsPerWorker: 5_000,
      faultOn: () => faultOn,
    });
    await delay(settings.faultAtMs);
    faultOn = true;
    await broker.stop();
    await delay(settings.faultMs);
    await broker.restart();
    faultOn = false;
    const result = await load;
    const store = await auditStore(db.url, result.acknowledged);
    const kafka = await auditKafka(broker.brokers, prefix, db.url, 90_000);
    report({
      scenario: 'Kafka broker stopped',
      load: `${settings.workers} workers, ${settings.loadMs} ms`,
      fault: `broker down ${settings.faultMs} ms`,
      ...result,
      store,
      kafka,
    });
    return (
      result.serverErrorsDuringFault === 0 &&
      store.lostInStore === 0 &&
      store.duplicatedEventIds === 0 &&
      store.streamsWithGaps === 0 &&
      kafka.missing === 0
    );
  } finally {
    await service.stop();
    await db.drop();
  }
}
