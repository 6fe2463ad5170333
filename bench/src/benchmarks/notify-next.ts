import { CancelJobExecutionCommand, type IoTClient } from '@aws-sdk/client-iot';
import type { MqttClient } from 'mqtt';
import { freshDatabase, pollUntil, startPrivateMosquitto, type PrivateMosquitto } from '#testing';
import type { BenchContext } from '../support/context.js';
import {
  brokerUsers,
  closeAll,
  connectDevices,
  connectEchoResponder,
  connectServiceUser,
  getPendingTopic,
  notifyNextTopic,
  serviceMqttSettings,
  type BenchDevice,
} from '../support/mqtt-devices.js';
import { controlPlane, createJob, thingNames } from '../support/population.js';
import type { BenchmarkResult } from '../support/report.js';
import { startJobsService } from '../support/services.js';
import { percentile } from '../support/stats.js';

const JOB = 'bench-notify-next';

/**
 * Benchmark 8: from a CancelJobExecution(force=true) commit to the device's MQTT client receiving
 * notify-next without that job, at a steady rate, against raw publish-to-receive on the same
 * broker at the same rate. Each cancel hits its own thing, whose device holds the job IN_PROGRESS
 * (it started it with start-next over MQTT); the commit point is the moment the SDK's HTTP
 * response arrives, so the figure slightly understates the service's part (by the response's
 * trip back), never overstates it. Also a device's request round trip (`get` over MQTT to its
 * `/accepted` answer) against a client that answers at once on the same broker.
 */
export async function notifyNextBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const { notifyNextRate: rate, notifyNextSeconds: seconds } = context.sizes;
  const warmUp = Math.round(rate * warmUpSeconds(seconds));
  const measured = rate * seconds;
  const serviceThings = thingNames('nn-dev', warmUp + measured);
  const rawThings = thingNames('nn-raw', warmUp + measured);
  const broker = await startPrivateMosquitto({ users: brokerUsers([...serviceThings, ...rawThings]) });
  const db = await freshDatabase('bench_notify_next');
  const service = await startJobsService(db.url, serviceMqttSettings(broker));
  const cp = controlPlane(service.url);
  const clients: MqttClient[] = [];
  try {
    context.log(`notify-next: ${rate} cancels/s for ${seconds} s after ${warmUp} to warm up`);
    const devices = await connectDevices(broker, serviceThings);
    clients.push(...devices.map((d) => d.client));
    await holdInProgress(cp, devices);
    const requests = await requestRoundTrips(devices, warmUp, rate);
    const cancels = await cancelLatencies(cp, devices, warmUp, rate);
    const subscribers = await connectDevices(broker, rawThings);
    clients.push(...subscribers.map((d) => d.client));
    const raw = await rawLatencies(broker, subscribers, warmUp, rate);
    // The service would answer the baseline's requests too; it is done here.
    await service.stop();
    const echo = await connectEchoResponder(broker);
    clients.push(echo);
    const rawRequests = await requestRoundTrips(subscribers, warmUp, rate);
    return [
      {
        name: '8. Cancel commit to the device receiving notify-next (MQTT)',
        notes: [
          `${rate} CancelJobExecution(force=true)/s through @aws-sdk/client-iot for ${seconds} s after ${warmUp} unmeasured at the same rate, each on its own thing whose device (mqtt.js, QoS 1) holds the job IN_PROGRESS`,
          'from the SDK response (the commit) to the device receiving notify-next without the job; raw: from before publish (QoS 1, as the service user) to receipt, on the same private Mosquitto (shipped configuration and ACL)',
          `cancel responses: p50 ${cancels.responseP50.toFixed(1)} ms, p99 ${cancels.responseP99.toFixed(1)} ms`,
          `device request: \`get\` (GetPendingJobExecutions, QoS 1) from each device at the same rate, before the cancels, from before publish to the \`/accepted\` answer; raw: a client as the service user answering at once, on the same broker after the service stopped`,
        ],
        figures: [
          {
            metric: 'commit-to-notify-next p50',
            unit: 'ms',
            value: percentile(cancels.latencies, 50),
            baseline: percentile(raw, 50),
            baselineName: 'raw MQTT publish',
          },
          {
            metric: 'commit-to-notify-next p99',
            unit: 'ms',
            value: percentile(cancels.latencies, 99),
            baseline: percentile(raw, 99),
            baselineName: 'raw MQTT publish',
            target: '<= 100 ms',
          },
          {
            metric: 'device request round trip p50',
            unit: 'ms',
            value: percentile(requests, 50),
            baseline: percentile(rawRequests, 50),
            baselineName: 'raw MQTT echo',
          },
          {
            metric: 'device request round trip p99',
            unit: 'ms',
            value: percentile(requests, 99),
            baseline: percentile(rawRequests, 99),
            baselineName: 'raw MQTT echo',
          },
        ],
      },
    ];
  } finally {
    cp.destroy();
    await closeAll(clients);
    await service.stop();
    await broker.close();
    await db.drop();
  }
}

/** Both sides first run this long at the measured rate, unmeasured. */
const warmUpSeconds = (seconds: number): number => Math.min(2, seconds);

/**
 * Queues the job on every device's thing, waits for each device's notify-next naming it (which
 * also proves the service reached the broker), then has each device start it with start-next.
 */
async function holdInProgress(cp: IoTClient, devices: readonly BenchDevice[]): Promise<void> {
  await createJob(
    cp,
    JOB,
    devices.map((d) => d.thingName),
  );
  for (const device of devices) {
    await pollUntil(() => device.notifyNext.find((n) => n.jobId === JOB), {
      timeoutMs: 60_000,
      description: `${device.thingName}: notify-next for the job`,
    });
  }
  for (let i = 0; i < devices.length; i += 25) {
    await Promise.all(devices.slice(i, i + 25).map(startNext));
  }
}

async function startNext(device: BenchDevice): Promise<void> {
  await device.client.publishAsync(`$aws/things/${device.thingName}/jobs/start-next`, JSON.stringify({ clientToken: 'bench' }), { qos: 1 });
  const reply = await pollUntil(() => device.startNextReplies[0], { timeoutMs: 30_000, description: `${device.thingName}: start-next reply` });
  const execution = reply.payload['execution'] as { jobId?: string; status?: string } | undefined;
  if (!reply.accepted || execution?.jobId !== JOB || execution.status !== 'IN_PROGRESS') {
    throw new Error(`${device.thingName}: start-next answered ${JSON.stringify(reply.payload)}`);
  }
}

/**
 * Cancels one device's execution every 1/rate s, without waiting for the previous one (a steady
 * offered load). Arrivals are paired with commits only at the end: a notification may arrive
 * before the bench has even handled the HTTP response, and must then count (as a negative
 * latency), not vanish.
 */
async function cancelLatencies(cp: IoTClient, devices: readonly BenchDevice[], warmUp: number, rate: number) {
  const committed = new Map<BenchDevice, number>();
  const responses: number[] = [];
  await paced(devices.length, rate, async (i) => {
    const device = devices[i]!;
    const sent = performance.now();
    await cp.send(new CancelJobExecutionCommand({ jobId: JOB, thingName: device.thingName, force: true }));
    const now = performance.now();
    committed.set(device, now);
    if (i >= warmUp) responses.push(now - sent);
  });
  const measured = devices.slice(warmUp);
  const latencies: number[] = [];
  for (const device of measured) {
    const arrival = await pollUntil(() => device.notifyNext.find((n) => n.jobId !== JOB), {
      timeoutMs: 30_000,
      description: `${device.thingName}: notify-next without the canceled job`,
    });
    latencies.push(arrival.at - committed.get(device)!);
  }
  return { latencies, responseP50: percentile(responses, 50), responseP99: percentile(responses, 99) };
}

/** Each device asks for its pending jobs once, one device every 1/rate s; publish to answer. */
async function requestRoundTrips(devices: readonly BenchDevice[], warmUp: number, rate: number): Promise<number[]> {
  const sent = new Map<BenchDevice, number>();
  await paced(devices.length, rate, async (i) => {
    const device = devices[i]!;
    sent.set(device, performance.now());
    await device.client.publishAsync(getPendingTopic(device.thingName), JSON.stringify({ clientToken: 'bench' }), { qos: 1 });
  });
  const latencies: number[] = [];
  for (const device of devices.slice(warmUp)) {
    const arrival = await pollUntil(() => device.getReplies[0], { timeoutMs: 30_000, description: `${device.thingName}: the answer to get` });
    latencies.push(arrival - sent.get(device)!);
  }
  return latencies;
}

/**
 * The broker's own share: a client logged in as the service's user publishes a notify-next
 * (`{timestamp}`, what a device gets when nothing is pending) at QoS 1 to one subscriber's topic
 * every 1/rate s; from before the publish to its receipt.
 */
async function rawLatencies(broker: PrivateMosquitto, subscribers: readonly BenchDevice[], warmUp: number, rate: number): Promise<number[]> {
  const publisher = await connectServiceUser(broker);
  const published = new Map<BenchDevice, number>();
  try {
    await paced(subscribers.length, rate, async (i) => {
      const subscriber = subscribers[i]!;
      published.set(subscriber, performance.now());
      await publisher.publishAsync(notifyNextTopic(subscriber.thingName), JSON.stringify({ timestamp: Math.floor(Date.now() / 1000) }), { qos: 1 });
    });
  } finally {
    await publisher.endAsync();
  }
  const latencies: number[] = [];
  for (const subscriber of subscribers.slice(warmUp)) {
    const arrival = await pollUntil(() => subscriber.notifyNext[0], { timeoutMs: 30_000, description: `${subscriber.thingName}: raw notify-next` });
    latencies.push(arrival.at - published.get(subscriber)!);
  }
  return latencies;
}

/** Starts `work(i)` for i = 0..count-1, one every 1/rate s on a fixed schedule, and waits for all. */
async function paced(count: number, rate: number, work: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(work(i));
  }
  await Promise.all(pending);
}
