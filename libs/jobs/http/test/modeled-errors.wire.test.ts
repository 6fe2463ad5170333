import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as controlPlaneSdk from '@aws-sdk/client-iot';
import * as dataPlaneSdk from '@aws-sdk/client-iot-jobs-data-plane';
import { RequestGate } from '#auth';
import { sdkError } from '#testing';
import { loadModelShapes, operationsOf } from './support/aws-model.js';
import type { Plane } from './support/member-decisions.js';
import { sampleSdkInput, sdkCommand } from './support/sample-requests.js';
import { startScriptedEdge, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type ScriptedEdge } from './support/scripted-app.js';

/**
 * The errors every operation can meet whatever its input (docs/aws-behaviour.md §2.4), sent to the
 * official SDK clients for every served operation of the model fixture: the SDK must name each
 * one, and where the operation's model lists the error, raise its modeled exception class.
 */
const model = loadModelShapes();
const operations = [...operationsOf(model)];
/** No managed templates ship here: the edge answers these itself, with no use case that could fail. */
const ANSWERED_BY_THE_EDGE = new Set(['ListManagedJobTemplates', 'DescribeManagedJobTemplate']);
const usingUseCases = operations.filter(({ name }) => !ANSWERED_BY_THE_EDGE.has(name));

/** The SDK's exception class of an error name, when the plane's client models one. */
function modeledClass(plane: Plane, name: string): (new (...args: never[]) => Error) | undefined {
  const sdk: Record<string, unknown> = plane === 'control' ? controlPlaneSdk : dataPlaneSdk;
  return sdk[name] as (new (...args: never[]) => Error) | undefined;
}

function send(edge: ScriptedEdge, plane: Plane, name: string): Promise<unknown> {
  const command = sdkCommand(plane, name, sampleSdkInput(plane, name, model.planes[plane].operations[name]!));
  return plane === 'control' ? edge.controlPlane.send(command) : edge.dataPlane.send(command);
}

async function expectError(edge: ScriptedEdge, plane: Plane, name: string, expected: { name: string; status: number }): Promise<void> {
  const operation = model.planes[plane].operations[name]!;
  const what = `${plane} ${name}`;
  const error = await sdkError(send(edge, plane, name)).catch((failure: unknown) => assert.fail(`${what}: ${String(failure)}`));
  assert.equal(error.name, expected.name, what);
  assert.equal(error.$metadata.httpStatusCode, expected.status, what);
  const modeled = modeledClass(plane, expected.name);
  if (operation.errors.includes(expected.name)) {
    assert.ok(modeled !== undefined && error instanceof modeled, `${what}: the SDK raises its modeled ${expected.name}`);
  }
}

describe('server-side failures reach the SDK named, for every operation', () => {
  let edge: ScriptedEdge;
  before(async () => {
    edge = await startScriptedEdge();
  });
  after(() => edge.close());
  beforeEach(() => edge.script.reset());

  it('a database that cannot be reached is 503 ServiceUnavailableException', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    edge.script.answerEverything(() => {
      throw refused;
    });
    for (const { plane, name } of usingUseCases) await expectError(edge, plane, name, { name: 'ServiceUnavailableException', status: 503 });
  });

  it('an unexpected failure is 500 InternalFailureException (InternalServerException on the data plane), with no detail', async () => {
    edge.script.answerEverything(() => {
      throw new Error('relation "thing_view" does not exist');
    });
    for (const { plane, name } of usingUseCases) {
      await expectError(edge, plane, name, { name: plane === 'data' ? 'InternalServerException' : 'InternalFailureException', status: 500 });
    }
  });
});

describe('throttling reaches the SDK as each plane models it, for every operation', () => {
  let edge: ScriptedEdge;
  before(async () => {
    const gate = new RequestGate({
      principals: [{ name: 'operator', role: 'operator', accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }],
      region: 'us-east-1',
      // One request, then one token a day: every later request is throttled.
      throttle: { burst: 1, ratePerSecond: 1 / 86_400 },
    });
    edge = await startScriptedEdge({ gate });
  });
  after(() => edge.close());

  it('ThrottlingException: 400 on the control plane, 429 on the data plane, modeled by every operation', async () => {
    // Spends the burst; what the scripted use case answers does not matter.
    await edge.controlPlane.send(new controlPlaneSdk.ListJobsCommand({})).catch(() => undefined);
    edge.script.reset();
    for (const { plane, name, operation } of operations) {
      assert.ok(operation.errors.includes('ThrottlingException'), `${plane} ${name} models ThrottlingException`);
      await expectError(edge, plane, name, { name: 'ThrottlingException', status: plane === 'data' ? 429 : 400 });
    }
    assert.deepEqual(edge.script.calls, []);
  });
});
