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

/**
 * Serves the jobs request topics of every thing: subscribes to them and answers each request on
 * its `/accepted` or `/rejected` topic. Requests are handled concurrently, each on its own.
 */
export function serveDeviceApi({ connection, commandBus, queryBus, onError }: DeviceApiOptions): void {
  const requests = new DeviceRequests(commandBus, queryBus);
  const answer = async (topic: string, payload: Buffer) => {
    const reply: DeviceReply | undefined = await requests.answer(topic, payload);
    if (reply === undefined) return;
    if (reply.rejection?.unexpected) onError?.(reply.cause, `answering ${topic}`);
    connection.publishReply(reply.topic, reply.payload);
  };
  connection.subscribe(
    ALL_JOBS_TOPICS,
    (topic, payload) => void answer(topic, payload).catch((error: unknown) => onError?.(error, `answering ${topic}`)),
    (error) => onError?.(error, `subscribing to ${ALL_JOBS_TOPICS}`),
  );
}
