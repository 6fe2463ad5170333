import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, ListJobExecutionsForJobCommand, ListJobExecutionsForThingCommand, ListJobsCommand } from '@aws-sdk/client-iot';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '#auth';
import { pollUntil } from '#testing';
import { deviceCredentials, OPERATOR, REGION, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';
import { signedFetch } from '../support/signed-fetch.js';

const REQUEST_TIMEOUT_MS = 1_000;

/**
 * The holes hostile testing found at the edge, against the real service (auth on, Postgres): each
 * is a clear 4xx that stores nothing, never a 500 or a silently altered value.
 */
describe('wire holes found by hostile testing', () => {
  let sut: ServiceUnderTest;
  const thingName = uniqueName('wire-thing');
  const jobId = uniqueName('wire-job');

  before(async () => {
    sut = await startServiceUnderTest({
      devices: [{ name: 'wire-device', thingNames: [thingName] }],
      env: { HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), TIMEOUT_SWEEP_INTERVAL_MS: '0' },
    });
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{"op":"seed"}' }));
  });
  after(() => sut?.stop());

  const storedEvents = async () => Number((await sut.sql.query<{ count: string }>('SELECT count(*) FROM es_events')).rows[0]!.count);

  it('refuses U+0000 and unpaired surrogates in document with a 400 naming the field', async () => {
    const before = await storedEvents();
    for (const [field, members] of [
      ['document', { document: '{"a":"\u0000"}' }],
      ['document', { document: '{"a":"\ud800"}' }],
      ['document', { document: '{"a":"\udfff"}' }],
    ] as const) {
      const error = await sdkError(sut.cp.send(new CreateJobCommand({ jobId: uniqueName('nul-job'), targets: [thingArn(thingName)], ...members })));
      assert.equal(error.name, 'InvalidRequestException');
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.ok(error.message.includes(`'${field}'`), error.message);
    }
    assert.equal(await storedEvents(), before);
  });

  it('refuses a nextToken whose position is beyond the bigint range on every list operation', async () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, c: '9999999999999999999' })).toString('base64url');
    for (const call of [
      sut.cp.send(new ListJobsCommand({ nextToken: forged })),
      sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, nextToken: forged })),
      sut.cp.send(new ListJobExecutionsForThingCommand({ thingName, nextToken: forged })),
    ]) {
      const error = await sdkError(call);
      assert.equal(error.name, 'InvalidRequestException');
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /invalid nextToken/);
    }
  });

  it('verifies signed queries with keys named like Object.prototype members', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const response = await signedFetch(`${sut.service.url}/jobs?${key}=x&maxResults=1`);
      // The signature holds (no 403); the member itself is then refused by name, as any unknown one.
      assert.equal(response.status, 400, `${key}: ${await response.clone().text()}`);
      assert.equal(((await response.json()) as { message: string }).message, `1 validation error detected: ${key} is not supported by this service`);
    }
  });

  it('refuses a request carrying Authorization twice, even when one of them is valid', async () => {
    const device = await signed('GET', `/data-plane/things/${thingName}/jobs`, Buffer.alloc(0), deviceCredentials('wire-device'), 'iot-jobs-data');
    const operator = await signed('GET', `/data-plane/things/${thingName}/jobs`, Buffer.alloc(0), OPERATOR, 'iot-jobs-data');
    const answer = await send('GET', `/data-plane/things/${thingName}/jobs`, {
      ...device,
      authorization: [device['authorization']!, operator['authorization']!],
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers['x-amzn-errortype'], 'IncompleteSignatureException');
    assert.match(JSON.parse(answer.body).message as string, /more than one authorization header/);
  });

  it('refuses a body that is not valid UTF-8 and stores nothing', async () => {
    const before = await storedEvents();
    const body = Buffer.concat([
      Buffer.from(`{"targets":["${thingArn(thingName)}"],"document":"{\\"a\\":\\"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\\"}"}'),
    ]);
    const path = `/jobs/${uniqueName('utf8-job')}`;
    const answer = await send('PUT', path, await signed('PUT', path, body, OPERATOR, 'iot'), body);
    assert.equal(answer.status, 400);
    assert.equal(answer.headers['x-amzn-errortype'], 'InvalidRequestException');
    assert.match(JSON.parse(answer.body).message as string, /not valid UTF-8/);
    assert.equal(await storedEvents(), before);
  });

  it('cuts off a body sent one byte at a time with a 408 once HTTP_REQUEST_TIMEOUT_MS has passed', async () => {
    const { port } = new URL(sut.service.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    let closed = false;
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.write(`PUT /jobs/${uniqueName('slow-job')} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{`);
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    try {
      await pollUntil(() => closed || undefined, {
        timeoutMs: REQUEST_TIMEOUT_MS + 2_000,
        intervalMs: 20,
        description: 'the slow request to be cut off',
      });
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /\r\nx-amzn-ErrorType: RequestTimeoutException\r\n/i);
  });

  async function signed(
    method: string,
    path: string,
    body: Buffer,
    credentials: { accessKeyId: string; secretAccessKey: string },
    service: string,
  ): Promise<Record<string, string>> {
    const host = new URL(sut.service.url).host;
    const signer = new SignatureV4({ service, region: REGION, sha256: NodeSha256, credentials });
    const request = await signer.sign({
      method,
      protocol: 'http:',
      hostname: host.split(':')[0]!,
      path,
      query: {},
      headers: { host, 'content-type': 'application/json' },
      body,
    });
    return request.headers as Record<string, string>;
  }

  /** node:http sends an array-valued header as repeated header lines, which fetch cannot do. */
  function send(
    method: string,
    path: string,
    headers: Record<string, string | string[]>,
    body?: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${sut.service.url}${path}`, { method, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      });
      request.on('error', reject);
      request.end(body);
    });
  }
});
