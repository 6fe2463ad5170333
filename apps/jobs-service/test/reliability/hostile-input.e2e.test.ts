import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import fc from 'fast-check';
import { startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';
import { hostileRequest, type Seed } from './hostile-arbitraries.js';
import { rawTarget, sendRaw, type RawRequest, type RawResponse } from './raw-request.js';

/**
 * Fixed so CI time stays flat (HOSTILE_INPUT_RUNS raises it for a longer exploratory run);
 * fast-check prints the seed and the shrunk request on failure.
 */
const RUNS = Number(process.env.HOSTILE_INPUT_RUNS ?? 300);

/**
 * Hostile input against the real service with authentication on, on every route it serves:
 * whatever arrives (bad labels, bad bodies, bad queries, bad headers, bad signatures), the answer
 * is an AWS-shaped 4xx and nothing is written.
 */
describe('hostile input never gets past the edge', () => {
  let sut: ServiceUnderTest;
  let seed: Seed;

  before(async () => {
    // A high throttle limit keeps the answers about the input, not about the request rate.
    sut = await startServiceUnderTest({ env: { THROTTLE_BURST: '100000', THROTTLE_RATE_PER_SECOND: '100000', TIMEOUT_SWEEP_INTERVAL_MS: '0' } });
    seed = {
      jobId: uniqueName('fuzz-job'),
      thingName: uniqueName('fuzz-thing'),
      freshJobId: uniqueName('never-created'),
      thingGroupName: uniqueName('never-created-group'),
      jobTemplateId: uniqueName('never-created-template'),
    };
    await sut.cp.send(new CreateJobCommand({ jobId: seed.jobId, targets: [thingArn(seed.thingName)], document: '{"step":"seed"}' }));
  });
  after(async () => {
    await sut?.stop();
  });

  it(`answers ${RUNS} hostile requests with AWS-shaped 4xx errors and changes nothing`, async (t) => {
    const stateBefore = await snapshot(sut);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest(seed), async (request) => {
        const response = await sendRaw(sut.service.url, request);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assertAwsClientError(request, response);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    assert.deepEqual(await snapshot(sut), stateBefore, 'hostile requests changed the stored state');
    // The mix must really reach validation, not stop at authentication: both kinds must occur.
    assert.ok((statuses.get(400) ?? 0) > RUNS / 10, `too few 400s: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(403) ?? 0) > 0, `no 403s: ${JSON.stringify([...statuses])}`);
  });

  it('refuses what the HTTP parser rejects (16 KiB+ head, raw control bytes) with an AWS-shaped 4xx', async () => {
    const stateBefore = await snapshot(sut);
    const { port } = new URL(sut.service.url);
    const heads = [
      `GET /jobs/${seed.jobId} HTTP/1.1\r\nHost: a\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`,
      `PUT /jobs/${seed.jobId}/cancel HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}`.replace('/cancel', '/ca\u0001ncel'),
    ];
    for (const head of heads) {
      const answer = await exchange(Number(port), head);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      assert.ok(status >= 400 && status <= 499, `not a 4xx: ${answer.slice(0, 200)}`);
      assert.match(answer, /\r\nx-amzn-ErrorType: InvalidRequestException\r\n/i);
      assert.match(answer, /\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/i);
      assert.equal(typeof JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).message, 'string');
    }
    assert.deepEqual(await snapshot(sut), stateBefore);
  });
});

/** Writes bytes no HTTP client library would send, and returns everything the server answers. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes, 'latin1'));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function assertAwsClientError(request: RawRequest, response: RawResponse): void {
  const where = `${request.method} ${rawTarget(request).slice(0, 200)} (auth ${request.auth}) -> ${response.status} ${response.body.slice(0, 300)}`;
  assert.ok(response.status >= 400 && response.status <= 499, `not a 4xx: ${where}`);
  assert.equal(typeof response.headers['x-amzn-errortype'], 'string', `no x-amzn-ErrorType: ${where}`);
  assert.equal(typeof response.headers['x-amzn-requestid'], 'string', `no x-amzn-RequestId: ${where}`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    assert.fail(`body is not JSON: ${where}`);
  }
  assert.equal(typeof (body as { message?: unknown }).message, 'string', `no string message: ${where}`);
}

/** Every write appends events (registry, templates and tags included); and the two job read models. */
async function snapshot(sut: ServiceUnderTest): Promise<unknown> {
  const events = await sut.sql.query('SELECT count(*)::int AS n, max(global_position)::text AS last FROM es_events');
  const jobs = await sut.sql.query('SELECT * FROM job_view ORDER BY job_id');
  const executions = await sut.sql.query('SELECT * FROM job_execution_view ORDER BY job_id, thing_name');
  return { events: events.rows[0], jobs: jobs.rows, executions: executions.rows };
}
