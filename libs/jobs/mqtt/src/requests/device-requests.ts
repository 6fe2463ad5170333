import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import { timestampOf } from '../device-views.js';
import { clientTokenOf, parsePayload } from '../payload.js';
import { MqttRequestError, toRejection, type Rejection } from '../rejections.js';
import { acceptedTopic, parseJobsTopic, rejectedTopic } from '../topics.js';
import { runDeviceOperation } from './device-operations.js';

export interface DeviceReply {
  topic: string;
  payload: Record<string, unknown>;
  /** Set on a rejection: what went wrong (the caller logs unexpected ones). */
  rejection?: Rejection;
  cause?: unknown;
}

/**
 * Turns a message on a thing's jobs topics into its reply: accepted with the result, or rejected
 * with `{code, message, clientToken?, timestamp, executionState?}`. Messages that are not requests
 * (the service's own replies and notifications) get no reply.
 */
export class DeviceRequests {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async answer(topic: string, payload: Uint8Array): Promise<DeviceReply | undefined> {
    const parsed = parseJobsTopic(topic);
    if (parsed.type === 'ignored') return undefined;
    const clientToken = clientTokenOf(payload);
    try {
      if (parsed.type === 'unknown') throw new MqttRequestError('InvalidTopic', `No jobs operation is published on ${topic}`);
      const result = await runDeviceOperation(parsed.operation, {
        commandBus: this.commandBus,
        queryBus: this.queryBus,
        thingName: parsed.thingName,
        payload: parsePayload(payload),
        actor: `mqtt:${parsed.thingName}`,
        now: this.clock(),
      });
      return { topic: acceptedTopic(topic), payload: this.envelope(result, clientToken) };
    } catch (error) {
      const rejection = toRejection(error);
      const { unexpected: _unexpected, ...members } = rejection;
      return { topic: rejectedTopic(topic), payload: this.envelope(members, clientToken), rejection, cause: error };
    }
  }

  private envelope(members: object, clientToken: string | undefined): Record<string, unknown> {
    const timestamp = timestampOf(this.clock());
    return clientToken === undefined ? { ...members, timestamp } : { ...members, clientToken, timestamp };
  }
}
