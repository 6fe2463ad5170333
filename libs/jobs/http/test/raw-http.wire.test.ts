import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as app from '#jobs/application';
import { DATA_PLANE_PATH_PREFIX, MAX_REQUEST_BODY_BYTES } from '#jobs/http';
import { startScriptedEdge, type ScriptedEdge } from './support/scripted-app.js';

/** What non-SDK clients can send: the edge must still answer with AWS-shaped JSON errors. */
describe('raw HTTP edge cases', () => {
  let edge: ScriptedEdge;
  before(async () => {
    edge = await startScriptedEdge();
  });
  after(() => edge.close());
  beforeEach(() => edge.script.reset());

  async function expectAwsJsonError(response: Response, name: string, status: number): Promise<string> {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('x-amzn-errortype'), name);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as { message?: unknown };
    assert.equal(typeof body.message, 'string');
    return body.message as string;
  }

  const dp = (path: string) => `${edge.baseUrl}${DATA_PLANE_PATH_PREFIX}${path}`;
  const json = { 'content-type': 'application/json' };

  it('a malformed JSON body is a 400 InvalidRequestException', async () => {
    const response = await fetch(dp('/things/t1/jobs/job-1'), { method: 'POST', headers: json, body: '{"status": ' });
    assert.match(await expectAwsJsonError(response, 'InvalidRequestException', 400), /Malformed JSON/);
    assert.equal(edge.script.calls.length, 0);
  });

  it('a body that is not valid UTF-8 is a 400, not text with replacement characters', async () => {
    const invalid = [
      Buffer.concat([Buffer.from('{"status":"IN_PROGRESS","statusDetails":{"step":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]),
      Buffer.concat([Buffer.from('{"status":"IN_PROGRESS","statusDetails":{"step":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}')]),
      Buffer.concat([Buffer.from('{"status":"IN_PROGRESS","x":"'), Buffer.from([0xff]), Buffer.from('"}')]),
    ];
    for (const body of invalid) {
      const response = await fetch(dp('/things/t1/jobs/job-1'), { method: 'POST', headers: json, body });
      assert.match(await expectAwsJsonError(response, 'InvalidRequestException', 400), /not valid UTF-8/);
    }
    assert.equal(edge.script.calls.length, 0);
  });

  it('a wrong JSON type is a 400 naming the field', async () => {
    const response = await fetch(dp('/things/t1/jobs/job-1'), {
      method: 'POST',
      headers: json,
      body: '{"status":"SUCCEEDED","expectedVersion":"2"}',
    });
    assert.match(await expectAwsJsonError(response, 'InvalidRequestException', 400), /at 'expectedVersion'/);
  });

  it('an empty body with a JSON content type counts as {}', async () => {
    edge.script.answer(app.StartNextPendingJobExecutionCommand, () => ({}));
    const response = await fetch(dp('/things/t1/jobs/$next'), { method: 'PUT', headers: json, body: '' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/, 'successes carry a request id too');
  });

  it('a body over the limit is refused with an AWS-shaped 413', async () => {
    const body = JSON.stringify({ status: 'SUCCEEDED', padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) });
    const response = await fetch(dp('/things/t1/jobs/job-1'), { method: 'POST', headers: json, body });
    await expectAwsJsonError(response, 'InvalidRequestException', 413);
  });

  it('empty path labels are 400, not 404', async () => {
    for (const url of [
      `${edge.baseUrl}/things/t1/jobs/`,
      `${edge.baseUrl}/things//jobs`,
      `${edge.baseUrl}/jobs/`,
      `${edge.baseUrl}/jobs//things`,
      dp('/things//jobs'),
      dp('/things/t1/jobs/'),
    ]) {
      await expectAwsJsonError(await fetch(url), 'InvalidRequestException', 400);
    }
    assert.equal(edge.script.calls.length, 0);
  });

  it('an undecodable path is a 400 InvalidRequestException', async () => {
    await expectAwsJsonError(await fetch(`${edge.baseUrl}/things/%ZZ/jobs`), 'InvalidRequestException', 400);
  });

  it('an unknown route is a 404 UnknownOperationException', async () => {
    const message = await expectAwsJsonError(await fetch(`${edge.baseUrl}/no/such/operation`), 'UnknownOperationException', 404);
    assert.match(message, /no\/such\/operation/);
    await expectAwsJsonError(await fetch(dp('/things/t1/jobs/$next'), { method: 'DELETE' }), 'UnknownOperationException', 404);
  });

  it('without a SigV4 header the actor is anonymous', async () => {
    edge.script.answer(app.DeleteJobCommand, () => undefined);
    const response = await fetch(`${edge.baseUrl}/jobs/job-1?force=true`, { method: 'DELETE' });
    assert.equal(response.status, 200);
    assert.deepEqual(edge.script.lastInput(app.DeleteJobCommand), { jobId: 'job-1', force: true, actor: 'anonymous' });
  });
});
