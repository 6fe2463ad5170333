import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  DescribeJobExecutionQuery,
  DescribeNextPendingJobExecutionQuery,
  GetPendingJobExecutionsQuery,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
} from '#jobs/application';
import { compact, validationMessage } from '#jobs/wire';
import type { z } from 'zod';
import { documentObject, toMqttExecution, toMqttSummary } from '../device-views.js';
import { MqttRequestError } from '../rejections.js';
import type { JobsOperation } from '../topics.js';
import { describeRequest, getPendingRequest, startNextRequest, updateRequest } from './request-schemas.js';

const NEXT_PENDING = '$next';

export interface DeviceOperationContext {
  commandBus: CommandBus;
  queryBus: QueryBus;
  thingName: string;
  payload: Record<string, unknown>;
  /** Who the event store records as the actor. */
  actor: string;
  now: Date;
}

/**
 * Runs one jobs request through the same commands and queries as the HTTP data plane, and returns
 * the accepted reply's members (without `timestamp` and `clientToken`, which the caller adds).
 */
export async function runDeviceOperation(operation: JobsOperation, context: DeviceOperationContext): Promise<Record<string, unknown>> {
  switch (operation.kind) {
    case 'get-pending':
      return getPending(context);
    case 'start-next':
      return startNext(context);
    case 'describe':
      return describe(operation.jobId, context);
    case 'update':
      return update(operation.jobId, context);
  }
}

async function getPending({ queryBus, thingName, payload }: DeviceOperationContext) {
  const { topic } = parseOrReject(getPendingRequest, { topic: { thingName }, payload });
  const pending = await queryBus.execute(new GetPendingJobExecutionsQuery(topic));
  // Both lists are always present, possibly empty.
  return { inProgressJobs: pending.inProgress.map(toMqttSummary), queuedJobs: pending.queued.map(toMqttSummary) };
}

async function startNext({ commandBus, thingName, payload, actor, now }: DeviceOperationContext) {
  const request = parseOrReject(startNextRequest, { topic: { thingName }, payload });
  const { clientToken: _token, ...changes } = request.payload;
  const { execution } = await commandBus.execute(new StartNextPendingJobExecutionCommand({ ...request.topic, ...changes, actor }));
  return execution === undefined ? {} : { execution: toMqttExecution(execution, now) };
}

async function describe(jobId: string, { queryBus, thingName, payload, now }: DeviceOperationContext) {
  const request = parseOrReject(describeRequest, { topic: { thingName, jobId }, payload });
  // As on HTTP, the document is included unless the device says false.
  const includeJobDocument = request.payload.includeJobDocument ?? true;
  const execution =
    jobId === NEXT_PENDING
      ? await queryBus.execute(new DescribeNextPendingJobExecutionQuery({ thingName, includeJobDocument }))
      : await queryBus.execute(
          new DescribeJobExecutionQuery(compact({ thingName, jobId, executionNumber: request.payload.executionNumber, includeJobDocument })),
        );
  // `$next` with nothing pending answers without `execution`.
  return execution === undefined ? {} : { execution: toMqttExecution(execution, now) };
}

async function update(jobId: string, { commandBus, thingName, payload, actor }: DeviceOperationContext) {
  const request = parseOrReject(updateRequest, { topic: { thingName, jobId }, payload });
  const { clientToken: _token, includeJobExecutionState, includeJobDocument, ...changes } = request.payload;
  const result = await commandBus.execute(
    new UpdateJobExecutionCommand({
      ...request.topic,
      ...changes,
      includeJobExecutionState: includeJobExecutionState ?? false,
      includeJobDocument: includeJobDocument ?? false,
      actor,
    }),
  );
  const state = result.executionState;
  return compact({
    executionState: state && compact({ status: state.status, statusDetails: nonEmpty(state.statusDetails), versionNumber: state.versionNumber }),
    jobDocument: result.jobDocument === undefined ? undefined : documentObject(result.jobDocument),
  });
}

function parseOrReject<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new MqttRequestError('InvalidRequest', validationMessage(result.error.issues, input));
}

function nonEmpty(details: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(details).length > 0 ? { ...details } : undefined;
}
