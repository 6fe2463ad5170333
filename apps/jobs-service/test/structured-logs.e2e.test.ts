import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, IoTClient } from '@aws-sdk/client-iot';
import { GetPendingJobExecutionsCommand, IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import { freshDatabase, OPERATOR, pollUntil, principalsSetting, REGION, type TestDatabase, thingArn, uniqueName } from '#testing';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/**
 * The real process (main.js) as deployed (NODE_ENV=production), its stdout captured: request log
 * lines are JSON with the request id the SDK saw, the actor and the resource, and nothing written
 * ever contains the Authorization header the client sent or a principal's secret.
 */
describe('structured logs of the service process', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let output = '';
  let url = '';
  const sentAuthorization: string[] = [];

  before(async () => {
    db = await freshDatabase('logs');
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        PORT: '0',
        LOG_LEVEL: 'log',
        AUTH_PRINCIPALS: principalsSetting(),
        THING_TARGETS: 'any',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await pollUntil(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], { description: `service started: ${output}`, timeoutMs: 20_000 });
  });
  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  });

  /** SDK clients that also remember every Authorization header they sent. */
  function recording<T extends IoTClient | IoTJobsDataPlaneClient>(client: T): T {
    (client.middlewareStack as unknown as FinalizeStack).add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        if (headers.authorization) sentAuthorization.push(headers.authorization);
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'recordAuthorization' },
    );
    return client;
  }

  it('writes one JSON line per request with requestId, actor, jobId and thingName, and no credentials', async () => {
    const common = { region: REGION, credentials: OPERATOR, maxAttempts: 1 };
    const cp = recording(new IoTClient({ ...common, endpoint: url }));
    const dp = recording(new IoTJobsDataPlaneClient({ ...common, endpoint: `${url}/data-plane` }));
    const jobId = uniqueName('job');
    const thingName = uniqueName('thing');
    try {
      const created = await cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}' }));
      const pending = await dp.send(new GetPendingJobExecutionsCommand({ thingName }));
      const requestIds = [created.$metadata.requestId!, pending.$metadata.requestId!];
      const lines = await pollUntil(
        () => {
          const parsed = jsonLines(output);
          return requestIds.every((id) => parsed.some((line) => line.requestId === id)) ? parsed : undefined;
        },
        { description: 'both request lines logged' },
      );

      const create = lines.find((line) => line.requestId === requestIds[0])!;
      assert.equal(create.actor, OPERATOR.accessKeyId);
      assert.equal(create.jobId, jobId);
      assert.equal(create.operation, 'CreateJob');
      const get = lines.find((line) => line.requestId === requestIds[1])!;
      assert.equal(get.actor, OPERATOR.accessKeyId);
      assert.equal(get.thingName, thingName);
      assert.equal(get.operation, 'GetPendingJobExecutions');

      assert.equal(sentAuthorization.length, 2);
      for (const authorization of sentAuthorization) {
        assert.ok(!output.includes(authorization), 'the Authorization header value is never logged');
        const signature = /Signature=([0-9a-f]+)/.exec(authorization)![1]!;
        assert.ok(!output.includes(signature), 'the request signature is never logged');
      }
      assert.ok(!output.includes(OPERATOR.secretAccessKey), 'a principal secret is never logged');
      // Nest's start-up narration is at debug level, below the default LOG_LEVEL.
      const contexts = new Set(lines.map((line) => line.context));
      for (const narrator of ['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']) {
        assert.ok(!contexts.has(narrator), `no ${narrator} lines at LOG_LEVEL=log`);
      }
    } finally {
      cp.destroy();
      dp.destroy();
    }
  });
});

type Handler = (args: { request: unknown }) => Promise<unknown>;
/** The one overload of the SDK's middleware stack this uses (the clients' own types do not unify). */
interface FinalizeStack {
  add(middleware: (next: Handler) => Handler, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void;
}

/** Every log line of pino (they start with `{`) must be a JSON object; banner lines are plain text. */
function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
