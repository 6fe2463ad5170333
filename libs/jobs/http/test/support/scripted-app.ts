import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { CommandHandler, CqrsModule, QueryHandler } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IoTClient } from '@aws-sdk/client-iot';
import { IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import type { RequestGate } from '#auth';
import * as application from '#jobs/application';
import { configureFastify, createJobsFastifyAdapter, DATA_PLANE_PATH_PREFIX, JobsHttpModule, type HttpTimeouts } from '#jobs/http';

/**
 * The edge under test with the use cases replaced by scripted answers: each command or query
 * handler records its input and returns (or throws) whatever the test scripted for it. This tests
 * the HTTP edge only; the real handlers are tested with Postgres elsewhere.
 */
export class Script {
  readonly calls: Array<{ type: string; input: Record<string, unknown> }> = [];
  private readonly answers = new Map<string, (input: any) => unknown>();
  private otherwise: ((input: any) => unknown) | undefined;

  answer(type: Type, answer: (input: any) => unknown): void {
    this.answers.set(type.name, answer);
  }

  /** The answer of every command and query the test scripted nothing else for. */
  answerEverything(answer: (input: any) => unknown): void {
    this.otherwise = answer;
  }

  run(type: string, input: Record<string, unknown>): unknown {
    this.calls.push({ type, input });
    const answer = this.answers.get(type) ?? this.otherwise;
    if (answer === undefined) throw new Error(`the test scripted no answer for ${type}`);
    return answer(input);
  }

  lastInput(type: Type): Record<string, unknown> | undefined {
    return this.calls.filter((call) => call.type === type.name).at(-1)?.input;
  }

  reset(): void {
    this.calls.length = 0;
    this.answers.clear();
    this.otherwise = undefined;
  }
}

const COMMANDS: Type[] = [
  application.CreateJobCommand,
  application.UpdateJobCommand,
  application.AssociateTargetsWithJobCommand,
  application.CancelJobCommand,
  application.DeleteJobCommand,
  application.CancelJobExecutionCommand,
  application.DeleteJobExecutionCommand,
  application.StartNextPendingJobExecutionCommand,
  application.UpdateJobExecutionCommand,
  application.CreateThingCommand,
  application.UpdateThingCommand,
  application.DeleteThingCommand,
  application.ChangeThingGroupsCommand,
  application.CreateThingGroupCommand,
  application.UpdateThingGroupCommand,
  application.DeleteThingGroupCommand,
  application.CreateJobTemplateCommand,
  application.DeleteJobTemplateCommand,
  application.TagResourceCommand,
  application.UntagResourceCommand,
];

const QUERIES: Type[] = [
  application.DescribeJobQuery,
  application.GetJobDocumentQuery,
  application.ListJobsQuery,
  application.DescribeJobExecutionQuery,
  application.DescribeNextPendingJobExecutionQuery,
  application.ListJobExecutionsForJobQuery,
  application.ListJobExecutionsForThingQuery,
  application.GetPendingJobExecutionsQuery,
  application.DescribeThingQuery,
  application.ListThingsQuery,
  application.ListThingGroupsForThingQuery,
  application.DescribeThingGroupQuery,
  application.ListThingGroupsQuery,
  application.ListThingsInThingGroupQuery,
  application.DescribeJobTemplateQuery,
  application.ListJobTemplatesQuery,
  application.ListTagsForResourceQuery,
];

function scriptedCommandHandler(command: Type, script: Script): Type {
  @CommandHandler(command)
  class ScriptedCommandHandler {
    async execute(message: { input: Record<string, unknown> }) {
      return script.run(command.name, message.input);
    }
  }
  return ScriptedCommandHandler;
}

function scriptedQueryHandler(query: Type, script: Script): Type {
  @QueryHandler(query)
  class ScriptedQueryHandler {
    async execute(message: { input: Record<string, unknown> }) {
      return script.run(query.name, message.input);
    }
  }
  return ScriptedQueryHandler;
}

export interface ScriptedEdge {
  app: NestFastifyApplication;
  script: Script;
  /** Every route the edge registered (method and Fastify URL pattern, e.g. `/jobs/:jobId`). */
  routes: Array<{ method: string; url: string }>;
  baseUrl: string;
  controlPlane: IoTClient;
  dataPlane: IoTJobsDataPlaneClient;
  close(): Promise<void>;
}

export const TEST_ACCESS_KEY_ID = 'AKIDTESTEDGE';
export const TEST_SECRET_ACCESS_KEY = 'not-a-secret';

/**
 * `timeouts`: short slow-client timeouts for the tests that play a slow client. `gate`: the request
 * gate (SigV4, throttling, authorization) in front of every route; without it nothing is checked.
 */
export async function startScriptedEdge(options: { timeouts?: HttpTimeouts; gate?: RequestGate } = {}): Promise<ScriptedEdge> {
  const script = new Script();
  const handlers = [
    ...COMMANDS.map((command) => scriptedCommandHandler(command, script)),
    ...QUERIES.map((query) => scriptedQueryHandler(query, script)),
  ];
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsModule.forRoot(), options.gate ? JobsHttpModule.forRoot({ gate: options.gate }) : JobsHttpModule],
    providers: handlers,
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createJobsFastifyAdapter({}, options.timeouts), { logger: false });
  configureFastify(app);
  const routes: ScriptedEdge['routes'] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const clientConfig = {
    region: 'us-east-1',
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  const controlPlane = new IoTClient({ ...clientConfig, endpoint: baseUrl });
  const dataPlane = new IoTJobsDataPlaneClient({ ...clientConfig, endpoint: `${baseUrl}${DATA_PLANE_PATH_PREFIX}` });
  return {
    app,
    script,
    routes,
    baseUrl,
    controlPlane,
    dataPlane,
    async close() {
      controlPlane.destroy();
      dataPlane.destroy();
      await app.close();
    },
  };
}
