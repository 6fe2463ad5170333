import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { EventSubscription } from '#event-store';
import { JobsReadModel } from '#jobs/application';
import { BrokerConnection, deviceApi, NotifiedPendingStore, PendingJobsNotifier, type DeviceApi } from '#jobs/mqtt';
import type { AppConfig } from './config/config.js';

export interface MqttEdge {
  connection: BrokerConnection;
  devices: DeviceApi;
  notifications: EventSubscription;
  stop(): Promise<void>;
}

export type MqttSettings = Pick<AppConfig, 'MQTT_URL' | 'MQTT_USERNAME' | 'MQTT_PASSWORD' | 'MQTT_CLIENT_ID' | 'MQTT_NOTIFY_LEASE_MS'>;

/**
 * The devices' MQTT API, when MQTT_URL is set: a client connection to the broker that answers the
 * jobs request topics through the same command and query buses as the HTTP data plane, and the
 * notifier, run by its own leased, checkpointed subscription to the event store so that one
 * instance publishes and a restart or a broker outage loses no notification. The instance holding
 * that lease is also the one that answers requests (ADR 15): the others stay unsubscribed, so a
 * request gets one answer however many instances run, and another takes over when it dies.
 */
export async function startMqttEdge(config: MqttSettings, app: NestFastifyApplication, pool: pg.Pool): Promise<MqttEdge | undefined> {
  if (config.MQTT_URL === undefined) return undefined;
  const log = new Logger('Mqtt');
  const connection = new BrokerConnection({
    url: config.MQTT_URL,
    clientId: config.MQTT_CLIENT_ID ?? `${config.MQTT_USERNAME}-${hostname()}-${process.pid}`,
    username: config.MQTT_USERNAME,
    ...(config.MQTT_PASSWORD !== undefined ? { password: config.MQTT_PASSWORD } : {}),
    onError: (error) => log.warn(`broker: ${String(error)}`),
  });
  const devices = deviceApi({
    connection,
    commandBus: app.get(CommandBus),
    queryBus: app.get(QueryBus),
    onError: (error, context) => log.error(`${context}: ${String(error)}`, error instanceof Error ? error.stack : undefined),
  });
  const notifier = new PendingJobsNotifier(app.get(JobsReadModel, { strict: false }), new NotifiedPendingStore(pool), connection);
  const notifications = new EventSubscription({
    pool,
    name: notifier.name,
    owner: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    handle: (events) => notifier.handle(events),
    onLeaseChange: (held) => (held ? devices.serve() : devices.pause()),
    leaseMs: config.MQTT_NOTIFY_LEASE_MS,
    // A broker that comes back is noticed within two seconds.
    retryBackoffMs: { initial: 100, max: 2_000 },
    onError: (error) => log.warn(`notifications: ${String(error)}`),
  });
  await notifications.start();
  return {
    connection,
    devices,
    notifications,
    async stop() {
      await notifications.stop();
      await connection.close();
    },
  };
}
