import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CancelJobCommand, CancelJobExecutionCommand, CreateJobCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import fc from 'fast-check';
import { DATA_PLANE_PATH_PREFIX, findUnstorableText } from '#jobs/http';
import { startScriptedEdge, type ScriptedEdge } from './support/scripted-app.js';
import { expectAwsError } from './support/expect-aws-error.js';

const THING_ARN = 'arn:aws:iot:us-east-1:123456789012:thing/thing-1';
const NUL = '\u0000';
const LONE_HIGH = '\ud800';
const LONE_LOW = '\udc00';
const CONSTRAINT = /must not contain U\+0000 or unpaired UTF-16 surrogates/;

describe('findUnstorableText', () => {
  it('finds U+0000 and unpaired surrogates in values and keys at any depth, in document order', () => {
    const found = findUnstorableText({ a: 'ok', b: [`x${NUL}`, { [`k${LONE_LOW}`]: 'v' }], c: { d: `${LONE_HIGH}y` }, e: '\ud83d\ude00 paired' });
    assert.deepEqual(found, [
      { path: ['b', 0], inKey: false },
      { path: ['b', 1, `k${LONE_LOW}`], inKey: true },
      { path: ['c', 'd'], inKey: false },
    ]);
  });

  it('accepts every well-formed string without U+0000', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((text) => !text.includes(NUL)),
        (text) => {
          assert.deepEqual(findUnstorableText({ [text]: [text] }), []);
        },
      ),
    );
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let nested: unknown = NUL;
    for (let depth = 0; depth < 200_000; depth += 1) nested = [nested];
    assert.equal(findUnstorableText(nested)[0]?.path.length, 200_000);
  });
});

/** Postgres cannot store U+0000 or lone surrogates: every string field is refused by name first. */
describe('text Postgres cannot store is refused at the edge', () => {
  let edge: ScriptedEdge;
  before(async () => {
    edge = await startScriptedEdge();
  });
  after(() => edge.close());
  beforeEach(() => edge.script.reset());

  async function refusedNaming(call: Promise<unknown>, field: string): Promise<void> {
    const error = await expectAwsError(call, 'InvalidRequestException', 400);
    assert.match(error.message, CONSTRAINT);
    assert.ok(error.message.includes(`'${field}'`), error.message);
    assert.equal(edge.script.calls.length, 0, 'nothing reached a handler');
  }

  it('CreateJob: document, description, targets', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['document', { document: `{"a":"${NUL}"}` }],
      ['document', { document: `{"a":"${LONE_HIGH}"}` }],
      ['document', { document: `{"a":"${LONE_LOW}"}` }],
      ['description', { document: '{}', description: `d${NUL}` }],
    ];
    for (const [field, members] of cases) {
      await refusedNaming(edge.controlPlane.send(new CreateJobCommand({ jobId: 'job-1', targets: [THING_ARN], ...members })), field);
    }
    await refusedNaming(
      edge.controlPlane.send(new CreateJobCommand({ jobId: 'job-1', targets: [`${THING_ARN}${NUL}`], document: '{}' })),
      'targets.0',
    );
  });

  it('CancelJob: comment and reasonCode', async () => {
    await refusedNaming(edge.controlPlane.send(new CancelJobCommand({ jobId: 'job-1', comment: `c${LONE_HIGH}` })), 'comment');
    await refusedNaming(edge.controlPlane.send(new CancelJobCommand({ jobId: 'job-1', reasonCode: `R${NUL}` })), 'reasonCode');
  });

  it('statusDetails keys and values on both planes', async () => {
    await refusedNaming(
      edge.controlPlane.send(new CancelJobExecutionCommand({ jobId: 'job-1', thingName: 't1', statusDetails: { [`step${NUL}`]: '1' } })),
      'statusDetails',
    );
    await refusedNaming(
      edge.dataPlane.send(
        new UpdateJobExecutionCommand({ jobId: 'job-1', thingName: 't1', status: 'IN_PROGRESS', statusDetails: { step: `1${LONE_LOW}` } }),
      ),
      'statusDetails.step',
    );
    await refusedNaming(
      edge.dataPlane.send(new StartNextPendingJobExecutionCommand({ thingName: 't1', statusDetails: { step: NUL } })),
      'statusDetails.step',
    );
  });

  it('path labels, query values and members no schema knows', async () => {
    const json = { 'content-type': 'application/json' };
    const answers = [
      await fetch(`${edge.baseUrl}/things/t1%00/jobs`),
      await fetch(`${edge.baseUrl}/things/t1/jobs?jobId=j%00`),
      await fetch(`${edge.baseUrl}${DATA_PLANE_PATH_PREFIX}/things/t1/jobs/job-1`, {
        method: 'POST',
        headers: json,
        body: '{"status":"IN_PROGRESS","unknownMember":"\\u0000"}',
      }),
    ];
    const fields = ['thingName', 'jobId', 'unknownMember'];
    for (const [index, response] of answers.entries()) {
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidRequestException');
      const { message } = (await response.json()) as { message: string };
      assert.match(message, CONSTRAINT);
      assert.ok(message.includes(`'${fields[index]}'`), message);
    }
    assert.equal(edge.script.calls.length, 0);
  });

  it('still reports the other invalid fields of the same request', async () => {
    const error = await expectAwsError(
      edge.controlPlane.send(
        new CreateJobCommand({
          jobId: 'job-1',
          targets: [THING_ARN],
          document: NUL,
          description: '',
          timeoutConfig: { inProgressTimeoutInMinutes: 0 },
        }),
      ),
      'InvalidRequestException',
      400,
    );
    assert.match(error.message, /^3 validation errors detected/);
    assert.match(error.message, /at 'document'/);
    assert.match(error.message, /at 'timeoutConfig.inProgressTimeoutInMinutes'/);
  });
});
