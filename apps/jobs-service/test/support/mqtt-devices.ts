import { iotjobs, mqtt5 } from 'aws-iot-device-sdk-v2';
import mqtt, { type MqttClient } from 'mqtt';
import { pollUntil, type PrivateMosquitto } from '#testing';

/** The service's broker user, as in deploy/mosquitto/acl. */
export const SERVICE_BROKER_USER = 'iot-jobs-service';
export const SERVICE_BROKER_PASSWORD = 'service-broker-password-for-tests';

/** Each device's broker password; its user name is its thing name. */
export const devicePassword = (thingName: string) => `${thingName}-broker-password`;

/** The broker users for the service and the given things. */
export function brokerUsers(thingNames: readonly string[]): Record<string, string> {
  return { [SERVICE_BROKER_USER]: SERVICE_BROKER_PASSWORD, ...Object.fromEntries(thingNames.map((thing) => [thing, devicePassword(thing)])) };
}

/** The service settings that connect it to `broker`. */
export function mqttSettings(broker: PrivateMosquitto): Record<string, string> {
  return { MQTT_URL: broker.url, MQTT_USERNAME: SERVICE_BROKER_USER, MQTT_PASSWORD: SERVICE_BROKER_PASSWORD, MQTT_NOTIFY_LEASE_MS: '1000' };
}

/** aws-crt's SubscriptionStatusEventType.SubscriptionEstablished (the SDK does not re-export the enum). */
const SUBSCRIPTION_ESTABLISHED = 0;

export interface Received<T> {
  message: T;
  at: number;
}

/**
 * A device as AWS's own device SDK v2 builds it: an aws-crt MQTT 5 client without TLS, and the
 * `iotjobs` request/response client on top, with the notify and notify-next streams open.
 */
export interface SdkDevice {
  thingName: string;
  jobs: iotjobs.IotJobsClientv2;
  notify: Array<Received<iotjobs.model.JobExecutionsChangedEvent>>;
  notifyNext: Array<Received<iotjobs.model.NextJobExecutionChangedEvent>>;
  close(): void;
}

let connections = 0;

export async function connectSdkDevice(
  broker: PrivateMosquitto,
  thingName: string,
  options: { persistentSession?: boolean } = {},
): Promise<SdkDevice> {
  const client = new mqtt5.Mqtt5Client({
    hostName: broker.host,
    port: broker.port,
    // Rejoin: the broker keeps the subscriptions and queues QoS 1 notifications while it is away.
    sessionBehavior: options.persistentSession ? mqtt5.ClientSessionBehavior.RejoinAlways : mqtt5.ClientSessionBehavior.Clean,
    // Otherwise aws-crt appends `?SDK=...&Version=...` to the user name, which then no longer is the thing name.
    disableMetrics: true,
    minReconnectDelayMs: 200,
    maxReconnectDelayMs: 1000,
    connectProperties: {
      // Several connections of one thing may be open at once; a shared client id would make them take turns.
      clientId: `${thingName}-sdk-${++connections}`,
      keepAliveIntervalSeconds: 30,
      username: thingName,
      password: Buffer.from(devicePassword(thingName)),
      ...(options.persistentSession ? { sessionExpiryIntervalSeconds: 600 } : {}),
    },
  });
  const connected = new Promise<void>((resolve, reject) => {
    client.once('connectionSuccess', () => resolve());
    client.once('connectionFailure', (event) => reject(event.error));
  });
  client.start();
  await connected;
  const jobs = iotjobs.IotJobsClientv2.newFromMqtt5(client, {
    maxRequestResponseSubscriptions: 8,
    maxStreamingSubscriptions: 4,
    operationTimeoutInSeconds: 10,
  });
  const device: SdkDevice = {
    thingName,
    jobs,
    notify: [],
    notifyNext: [],
    close: () => {
      jobs.close();
      client.stop();
      client.close();
    },
  };
  const streams = [
    jobs
      .createJobExecutionsChangedStream({ thingName })
      .on('incomingPublish', (event) => device.notify.push({ message: event.message, at: Date.now() })),
    jobs
      .createNextJobExecutionChangedStream({ thingName })
      .on('incomingPublish', (event) => device.notifyNext.push({ message: event.message, at: Date.now() })),
  ];
  let established = 0;
  for (const stream of streams) {
    stream.on('subscriptionStatus', (event) => {
      if (event.type === SUBSCRIPTION_ESTABLISHED) established += 1;
    });
    stream.open();
  }
  await pollUntil(() => (established >= streams.length ? true : undefined), {
    timeoutMs: 10_000,
    description: `${thingName}'s notification streams`,
  });
  return device;
}

/** The `code` of the rejection the SDK turned into an error, with the rest of the payload. */
export async function rejectionOf(call: Promise<unknown>): Promise<iotjobs.model.V2ErrorResponse> {
  try {
    await call;
  } catch (error) {
    const modeled = (error as { modeledError?: iotjobs.model.V2ErrorResponse }).modeledError;
    if (modeled === undefined) throw error;
    return modeled;
  }
  throw new Error('expected a rejection, but the request was accepted');
}

/** A plain MQTT 5 client (mqtt.js) authenticated as a thing, for what the SDK cannot send. */
export interface RawDevice {
  client: MqttClient;
  messages: Array<{ topic: string; payload: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function connectRawDevice(broker: PrivateMosquitto, thingName: string, subscriptions: string[]): Promise<RawDevice> {
  const client = await mqtt.connectAsync(broker.url, {
    protocolVersion: 5,
    clientId: `${thingName}-raw-${process.pid}`,
    username: thingName,
    password: devicePassword(thingName),
    reconnectPeriod: 0,
  });
  const messages: RawDevice['messages'] = [];
  // The device also hears its own requests on `jobs/#`; those may be empty or deliberately broken.
  client.on('message', (topic, payload) => messages.push({ topic, payload: parseOrText(payload) }));
  for (const filter of subscriptions) await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages, close: () => client.endAsync(true) };
}

function parseOrText(payload: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(payload.toString()) as Record<string, unknown>;
  } catch {
    return { unparsed: payload.toString() };
  }
}
