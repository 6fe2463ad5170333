import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { BrokerConnection } from './broker-connection.js';
import { DeviceRequests, type DeviceReply } from './requests/device-requests.js';
import { ALL_JOBS_TOPICS } from './topics.js';

export interface DeviceApiOptions {
  connection: BrokerConnection;
  commandBus: CommandBus;
  queryBus: QueryBus;
  /** Called for replies that carry an unexpected failure (InternalError), and for broker errors. */
  onError?: (error: unknown, context: string) => void;
}

/** Turns the answering of device requests on and off; one instance answers at a time (ADR 15). */
export interface DeviceApi {
  /** Subscribes to every thing's request topics (again after each reconnect). */
  serve(): void;
  /** Unsubscribes: another instance answers from now on. */
  pause(): void;
  readonly serving: boolean;
}

/**
 * Answers the jobs request topics of every thing on their `/accepted` or `/rejected` topics, while
 * serving. Requests are handled concurrently, each on its own.
 */
export function deviceApi({ connection, commandBus, queryBus, onError }: DeviceApiOptions): DeviceApi {
  const requests = new DeviceRequests(commandBus, queryBus);
  const answer = async (topic: string, payload: Buffer) => {
    const reply: DeviceReply | undefined = await requests.answer(topic, payload);
    if (reply === undefined) return;
    if (reply.rejection?.unexpected) onError?.(reply.cause, `answering ${topic}`);
    connection.publishReply(reply.topic, reply.payload);
  };
  connection.onMessage((topic, payload) => void answer(topic, payload).catch((error: unknown) => onError?.(error, `answering ${topic}`)));
  return {
    serve: () => connection.subscribe(ALL_JOBS_TOPICS, (error) => onError?.(error, `subscribing to ${ALL_JOBS_TOPICS}`)),
    pause: () => connection.unsubscribe(ALL_JOBS_TOPICS, (error) => onError?.(error, `unsubscribing from ${ALL_JOBS_TOPICS}`)),
    get serving() {
      return connection.isSubscribed(ALL_JOBS_TOPICS);
    },
  };
}
