import mqtt, { type MqttClient } from 'mqtt';
import type { PrivateMosquitto } from '#testing';

/** The service's broker user, the one the shipped ACL (deploy/mosquitto/acl) lets use every thing's topics. */
export const SERVICE_BROKER_USER = 'iot-jobs-service';
const SERVICE_BROKER_PASSWORD = 'bench-service-broker-password';
const devicePassword = (thingName: string) => `${thingName}-bench-password`;

/** Broker users: the service's and one per thing (user name = thing name, as the ACL requires). */
export function brokerUsers(thingNames: readonly string[]): Record<string, string> {
  return { [SERVICE_BROKER_USER]: SERVICE_BROKER_PASSWORD, ...Object.fromEntries(thingNames.map((thing) => [thing, devicePassword(thing)])) };
}

/** The service settings that connect it to `broker` as its own user. */
export function serviceMqttSettings(broker: PrivateMosquitto): Record<string, string> {
  return { MQTT_URL: broker.url, MQTT_USERNAME: SERVICE_BROKER_USER, MQTT_PASSWORD: SERVICE_BROKER_PASSWORD };
}

export const notifyNextTopic = (thingName: string) => `$aws/things/${thingName}/jobs/notify-next`;

/** One notify-next as the device saw it: when (performance.now()) and the front job it named, if any. */
export interface NotifyNextArrival {
  at: number;
  jobId: string | undefined;
}

/**
 * A device as the bench plays it: an mqtt.js MQTT 5 client logged in as its thing, subscribed at
 * QoS 1 to its notify-next and to its start-next replies, noting when each message arrives.
 */
export interface BenchDevice {
  thingName: string;
  client: MqttClient;
  notifyNext: NotifyNextArrival[];
  startNextReplies: Array<{ accepted: boolean; payload: Record<string, unknown> }>;
  /** When each answer to the device's `get` (GetPendingJobExecutions) arrived. */
  getReplies: number[];
}

export const getPendingTopic = (thingName: string) => `$aws/things/${thingName}/jobs/get`;

let connections = 0;

export async function connectDevice(broker: PrivateMosquitto, thingName: string): Promise<BenchDevice> {
  connections += 1;
  const client = await mqtt.connectAsync(broker.url, {
    protocolVersion: 5,
    clientId: `${thingName}-bench-${connections}`,
    username: thingName,
    password: devicePassword(thingName),
    clean: true,
    reconnectPeriod: 0,
  });
  const device: BenchDevice = { thingName, client, notifyNext: [], startNextReplies: [], getReplies: [] };
  const startNext = `$aws/things/${thingName}/jobs/start-next/`;
  client.on('message', (topic, payload) => {
    // The arrival time first: parsing is the device's work, not the delivery's.
    const at = performance.now();
    const message = JSON.parse(payload.toString()) as Record<string, unknown>;
    if (topic === notifyNextTopic(thingName)) {
      const execution = message['execution'] as { jobId?: string } | undefined;
      device.notifyNext.push({ at, jobId: execution?.jobId });
    } else if (topic.startsWith(startNext)) {
      device.startNextReplies.push({ accepted: topic.endsWith('/accepted'), payload: message });
    } else if (topic === `${getPendingTopic(thingName)}/accepted`) {
      device.getReplies.push(at);
    }
  });
  await client.subscribeAsync({
    [notifyNextTopic(thingName)]: { qos: 1 },
    [`${startNext}+`]: { qos: 1 },
    [`${getPendingTopic(thingName)}/accepted`]: { qos: 1 },
  });
  return device;
}

/** Connects the things' devices a few at a time (a burst of hundreds of logins only measures the burst). */
export async function connectDevices(broker: PrivateMosquitto, thingNames: readonly string[]): Promise<BenchDevice[]> {
  const devices: BenchDevice[] = [];
  for (let i = 0; i < thingNames.length; i += 25) {
    devices.push(...(await Promise.all(thingNames.slice(i, i + 25).map((thing) => connectDevice(broker, thing)))));
  }
  return devices;
}

/** A client logged in as the service's broker user, for the baselines; `role` names it in its client id. */
export function connectServiceUser(broker: PrivateMosquitto, role = 'raw-publisher'): Promise<MqttClient> {
  return mqtt.connectAsync(broker.url, {
    protocolVersion: 5,
    clientId: `bench-${role}-${process.pid}`,
    username: SERVICE_BROKER_USER,
    password: SERVICE_BROKER_PASSWORD,
    clean: true,
    reconnectPeriod: 0,
  });
}

/**
 * The baseline of a device request: a client logged in as the service's user that answers every
 * thing's `get` at once with an empty pending list, as the service would for a thing without jobs,
 * on a socket without Nagle's algorithm (as the service's).
 */
export async function connectEchoResponder(broker: PrivateMosquitto): Promise<MqttClient> {
  const client = await connectServiceUser(broker, 'echo');
  (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
  client.on('message', (topic, payload) => {
    const { clientToken } = JSON.parse(payload.toString()) as { clientToken?: string };
    const answer = { inProgressJobs: [], queuedJobs: [], timestamp: Math.floor(Date.now() / 1000), ...(clientToken ? { clientToken } : {}) };
    client.publish(`${topic}/accepted`, JSON.stringify(answer), { qos: 0 });
  });
  await client.subscribeAsync('$aws/things/+/jobs/get', { qos: 1 });
  return client;
}

export async function closeAll(clients: readonly MqttClient[]): Promise<void> {
  await Promise.all(clients.map((client) => client.endAsync().catch(() => undefined)));
}
