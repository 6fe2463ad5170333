import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { checkpointOf, migrateEventStore, PostgresEventStore, readAll, START_OF_ALL } from '#event-store';
import { createKafka, ensureJobTopics, HEADERS, OutboxRelay, toKafkaMessage, type Kafka } from '#messaging';
import type { Message } from 'kafkajs';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { appendQueuedEvents, CONTEXT, queuedWrite } from '../support/population.js';
import { startRelayProcess } from '../support/processes.js';
import type { BenchmarkResult } from '../support/report.js';
import { mediansInTurns, percentile, perSecond } from '../support/stats.js';

const BATCH = 100; // the relay's default KAFKA_RELAY_BATCH_SIZE; the raw producer sends the same batches
/** Measured drains per side, taken in turns; the median of each side is reported. */
const DRAINS = 3;

/**
 * Benchmark 4: the outbox relay's events/s from the store to Kafka against a raw kafkajs producer
 * sending the same messages, and commit-to-consumer latency at a steady rate against the raw
 * producer's send-to-consumer latency at the same rate.
 */
export async function relayBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const { relayEvents, relayRate, relaySeconds } = context.sizes;
  const db = await freshDatabase('bench_relay');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const kafka = createKafka({ brokers: context.kafkaBrokers, clientId: 'bench', logLevel: 'nothing' });
  const run = `bench-${process.pid}-${Date.now()}`;
  try {
    await migrateEventStore(db.url);
    await appendQueuedEvents(db.url, 'bench-relay', relayEvents);
    context.log(`relay: ${relayEvents} events`);
    // Each side drains once unmeasured first (to topics of its own), so that neither is measured
    // with cold code: they share this process, and whichever ran first used to pay for both. Then
    // they take turns (a single pair varied by ±10 % on this machine).
    await relayDrainRate(pool, kafka, `${run}-drain-warm`, relayEvents);
    await rawProducerRate(pool, kafka, `${run}-raw-warm`);
    const [drainRate, rawDrainRate] = await mediansInTurns(
      DRAINS,
      (turn) => relayDrainRate(pool, kafka, `${run}-drain-${turn}`, relayEvents),
      (turn) => rawProducerRate(pool, kafka, `${run}-raw-${turn}`),
    );
    context.log(`relay latency: ${relayRate} events/s for ${relaySeconds} s`);
    const relayLatency = await relayLatencies(kafka, context.kafkaBrokers, `${run}-lat`, relayRate, relaySeconds);
    const rawLatency = await rawLatencies(kafka, `${run}-rawlat`, relayRate, relaySeconds);
    return [
      {
        name: '4. Relay: store to Kafka',
        notes: [
          `${relayEvents} JobExecutionQueued events; batches of ${BATCH}; both producers idempotent with acks=all, the same records (relay owner header included)`,
          `rate: steady state, from the first batch acknowledged to the last (connection set-up excluded for both); after one unmeasured drain each, the two sides drain the same events in turns, ${DRAINS} times each, and each side's median is reported`,
          `latency: ${relayRate} events/s for ${relaySeconds} s, 10 events per 10 ms; relay measured from the append's commit, raw producer from before send, which like the relay sends what has accumulated once its previous send is acknowledged; the relay runs in a process of its own (relay-main.js), as deployed standalone; both after ${Math.min(2, relaySeconds)} s of unmeasured warm-up at the same rate`,
        ],
        figures: [
          { metric: 'rate', unit: 'events/s', value: drainRate, baseline: rawDrainRate, baselineName: 'raw kafkajs', target: 'ratio >= 0.70' },
          {
            metric: 'commit-to-consumer p50',
            unit: 'ms',
            value: percentile(relayLatency, 50),
            baseline: percentile(rawLatency, 50),
            baselineName: 'raw kafkajs',
          },
          {
            metric: 'commit-to-consumer p99',
            unit: 'ms',
            value: percentile(relayLatency, 99),
            baseline: percentile(rawLatency, 99),
            baselineName: 'raw kafkajs',
            target: '<= 250 ms',
          },
        ],
      },
    ];
  } finally {
    await pool.end();
    await db.drop();
  }
}

function startRelay(pool: pg.Pool, kafka: Kafka, prefix: string, onPublished: (count: number) => void): OutboxRelay {
  return new OutboxRelay({
    pool,
    kafka,
    context: CONTEXT,
    topicPrefix: prefix,
    name: `bench-relay:${prefix}`,
    batchSize: BATCH,
    onPublished: (events) => onPublished(events.length),
    onError: () => undefined,
  });
}

/**
 * Events/s from the first batch's ack to the last's: the relay's start-up (LISTEN connection,
 * lease, topic check, producer connect) is left out, as the raw producer's connect is.
 */
async function relayDrainRate(pool: pg.Pool, kafka: Kafka, prefix: string, total: number): Promise<number> {
  await ensureJobTopics(kafka, prefix);
  const window = new AckWindow();
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const relay = startRelay(pool, kafka, prefix, (count) => {
    window.acknowledged(count);
    if (window.events >= total) done();
  });
  await relay.start();
  await withDeadline(finished, 300_000, 'relay drain');
  await relay.stop();
  return window.rate();
}

/**
 * The relay's records, built up front, sent in the relay's batch size by one connected producer.
 * They carry an x-relay-owner header like the relay's (KafkaJS encodes every header separately, so
 * leaving it out would make each of the baseline's records cheaper to send than the relay's).
 */
async function rawProducerRate(pool: pg.Pool, kafka: Kafka, prefix: string): Promise<number> {
  const topics = await ensureJobTopics(kafka, prefix);
  const ownerHeader = { [HEADERS.relayOwner]: `${hostname()}:${process.pid}:${randomUUID()}` };
  const messages = [];
  for (let position = START_OF_ALL; ; ) {
    const events = await readAll(pool, position, 5000);
    if (events.length === 0) break;
    messages.push(...events.map((e) => toKafkaMessage(e, topics, CONTEXT, ownerHeader)!));
    position = checkpointOf(events.at(-1)!);
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const window = new AckWindow();
    for (let i = 0; i < messages.length; i += BATCH) {
      const batch = messages.slice(i, i + BATCH);
      await producer.send({ topic: batch[0]!.topic, acks: -1, messages: batch.map((m) => m.message) });
      window.acknowledged(batch.length);
    }
    return window.rate();
  } finally {
    await producer.disconnect();
  }
}

/** Events acknowledged after the first batch, over the time from the first ack to the last. */
class AckWindow {
  events = 0;
  private first: bigint | undefined;
  private firstBatch = 0;
  private last: bigint | undefined;

  acknowledged(count: number): void {
    this.last = process.hrtime.bigint();
    this.events += count;
    if (this.first !== undefined) return;
    this.first = this.last;
    this.firstBatch = count;
  }

  rate(): number {
    if (this.first === undefined || this.last === this.first) throw new Error('a rate needs at least two acknowledged batches');
    return perSecond(this.events - this.firstBatch, Number(this.last! - this.first) / 1e6);
  }
}

/**
 * Appends 10 events every 10 ms through the store; latency from each append's commit to its
 * consumption. On a database of its own: a relay running in a service is caught up, so the drain
 * benchmark's 20,000 events must not sit in front of the measured ones as a backlog (they did, and
 * the backlog's drain time was what the p50/p99 showed).
 */
async function relayLatencies(kafka: Kafka, brokers: string[], prefix: string, rate: number, seconds: number): Promise<number[]> {
  const db = await freshDatabase('bench_relay_lat');
  await migrateEventStore(db.url);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  try {
    return await measureRelayLatencies(pool, kafka, brokers, prefix, rate, seconds);
  } finally {
    await pool.end();
    await db.drop();
  }
}

async function measureRelayLatencies(
  pool: pg.Pool,
  kafka: Kafka,
  brokers: string[],
  prefix: string,
  rate: number,
  seconds: number,
): Promise<number[]> {
  const topics = await ensureJobTopics(kafka, prefix);
  const committed = new Map<string, number>();
  const consumer = await consume(kafka, topics.jobExecutions, committed);
  // The relay runs as it is deployed on its own (`npm run relay:start`): in a process of its own,
  // not on the event loop of this process's appender and consumer.
  const relay = await startRelayProcess(String(pool.options.connectionString), brokers, prefix);
  const store = new PostgresEventStore(pool);
  const append = async (round: string, tick: number, count: number) => {
    const writes = Array.from({ length: count }, (_, i) => queuedWrite(`bench-lat-${prefix}`, `${round}-${tick}-${i}`));
    await store.appendMany(writes);
    return writes.map((write) => write.events[0]!.eventId);
  };
  try {
    // Warm-up at the same rate, not measured: the relay has just started (connections, JIT).
    await paced(rate, warmUpSeconds(seconds), (tick, count) => append('warm', tick, count).then(() => undefined));
    await paced(rate, seconds, async (tick, count) => {
      const ids = await append('t', tick, count);
      const now = performance.now();
      for (const id of ids) committed.set(id, now);
    });
    return await consumer.latencies(rate * seconds);
  } finally {
    await consumer.stop();
    await relay.stop();
  }
}

async function rawLatencies(kafka: Kafka, prefix: string, rate: number, seconds: number): Promise<number[]> {
  const topics = await ensureJobTopics(kafka, prefix);
  const sent = new Map<string, number>();
  const consumer = await consume(kafka, topics.jobExecutions, sent);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sender = new OneSendInFlight((messages: Message[]) =>
    producer.send({ topic: topics.jobExecutions, acks: -1, messages }).then(() => undefined),
  );
  const send = async (tick: number, count: number, measured: boolean) => {
    const messages = Array.from({ length: count }, (_, i) => {
      const id = crypto.randomUUID();
      if (measured) sent.set(id, performance.now());
      return { key: `t-${tick}-${i}`, value: JSON.stringify({ eventId: id }), headers: { [HEADERS.id]: id } };
    });
    await sender.send(messages);
  };
  try {
    await paced(rate, warmUpSeconds(seconds), (tick, count) => send(tick, count, false));
    await paced(rate, seconds, (tick, count) => send(tick, count, true));
    return await consumer.latencies(rate * seconds);
  } finally {
    await producer.disconnect();
    await consumer.stop();
  }
}

/**
 * Sends what has accumulated as soon as the send before it is acknowledged, as the relay does. The
 * paced load must not call the producer itself: KafkaJS's idempotent producer numbers a batch when
 * it builds the request, so overlapping sends can reach the broker out of sequence and fail with
 * OUT_OF_ORDER_SEQUENCE_NUMBER.
 */
class OneSendInFlight<M> {
  private waiting: Array<{ messages: M[]; settle: (error?: unknown) => void }> = [];
  private sending = false;

  constructor(private readonly sendNow: (messages: M[]) => Promise<void>) {}

  send(messages: M[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ messages, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) {
      const taken = this.waiting.splice(0, this.waiting.length);
      try {
        await this.sendNow(taken.flatMap((entry) => entry.messages));
        for (const entry of taken) entry.settle();
      } catch (error) {
        for (const entry of taken) entry.settle(error ?? new Error('send failed'));
      }
    }
    this.sending = false;
  }
}

/** Both latency runs first run this long at the same rate, unmeasured, so that both are measured steady. */
const warmUpSeconds = (seconds: number): number => Math.min(2, seconds);

/** Calls `work` every 10 ms with rate/100 items, without waiting for it (a steady offered load). */
async function paced(rate: number, seconds: number, work: (tick: number, count: number) => Promise<void>): Promise<void> {
  const perTick = Math.max(1, Math.round(rate / 100));
  const ticks = Math.round((seconds * rate) / perTick);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const due = started + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(work(tick, perTick));
  }
  await Promise.all(pending);
}

/**
 * Records when each message arrives and pairs it with its start time only at the end: the relay can
 * deliver a record before the appending code has even noted its commit time (the NOTIFY wakes the
 * relay while the append's promise is still queued), and such a record must count, not vanish.
 */
async function consume(kafka: Kafka, topic: string, startedAt: Map<string, number>) {
  const consumer = kafka.consumer({ groupId: `bench-${topic}`, maxWaitTimeInMs: 20 });
  const arrivals = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers?.[HEADERS.id]?.toString();
      if (id !== undefined && !arrivals.has(id)) arrivals.set(id, performance.now());
    },
  });
  await withDeadline(joined, 60_000, 'consumer group join');
  const latencies = (): number[] => {
    const measured: number[] = [];
    for (const [id, start] of startedAt) {
      const received = arrivals.get(id);
      if (received !== undefined) measured.push(received - start);
    }
    return measured;
  };
  return {
    async latencies(expected: number): Promise<number[]> {
      const deadline = Date.now() + 60_000;
      while (latencies().length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const measured = latencies();
      if (measured.length < expected) throw new Error(`only ${measured.length} of ${expected} messages consumed`);
      return measured;
    },
    stop: () => consumer.disconnect(),
  };
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
