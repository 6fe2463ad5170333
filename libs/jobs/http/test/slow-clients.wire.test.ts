import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pollUntil } from '#testing';
import { startScriptedEdge, type ScriptedEdge } from './support/scripted-app.js';

/** Short on purpose: the cut-off must come within these (plus the connection check interval). */
const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
/** Generous bound on when the 408 must have arrived, measured from the first byte. */
const DEADLINE_MS = REQUEST_TIMEOUT_MS + 1_500;

interface SlowClient {
  /** Everything the server wrote. */
  answer(): string;
  closed(): boolean;
  stop(): void;
}

/** A raw connection that sends `head` and then one byte of `trickle` every `everyMs`. */
function slowClient(port: number, head: string, trickle = '', everyMs = 100): SlowClient {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  let closed = false;
  let sent = 0;
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    if (head !== '') socket.write(head);
  });
  const timer = setInterval(() => {
    if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]!);
  }, everyMs);
  return {
    answer: () => answer,
    closed: () => closed,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Polls until the server has answered and closed the connection, or the deadline passes. */
async function closedWithin(client: SlowClient, deadlineMs: number): Promise<{ answer: string; elapsedMs: number }> {
  const started = Date.now();
  try {
    await pollUntil(() => client.closed() || undefined, {
      timeoutMs: deadlineMs,
      intervalMs: 10,
      description: 'the server closing the slow connection',
    });
  } finally {
    client.stop();
  }
  return { answer: client.answer(), elapsedMs: Date.now() - started };
}

function assert408(answer: string): void {
  assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/, answer.slice(0, 200));
  assert.match(answer, /\r\nx-amzn-ErrorType: RequestTimeoutException\r\n/i);
  assert.match(answer, /\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/i);
  assert.match(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).message as string, /did not arrive within the time allowed/);
}

describe('slow clients are cut off with a 408', () => {
  let edge: ScriptedEdge;
  let port: number;
  before(async () => {
    edge = await startScriptedEdge({ timeouts: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS } });
    port = Number(new URL(edge.baseUrl).port);
  });
  after(() => edge.close());

  it('a body trickling in one byte at a time, well past the request timeout', async () => {
    const body = '{"status":"IN_PROGRESS"}'.padEnd(200, ' ');
    const head = `POST /data-plane/things/t1/jobs/job-1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, elapsedMs } = await closedWithin(slowClient(port, head, body), DEADLINE_MS);
    assert408(answer);
    assert.ok(elapsedMs >= REQUEST_TIMEOUT_MS - 50, `cut off after ${elapsedMs} ms, before the timeout`);
    assert.equal(edge.script.calls.length, 0, 'the unfinished request reached no handler');
  });

  it('headers trickling in', async () => {
    const { answer, elapsedMs } = await closedWithin(slowClient(port, 'GET /jobs HTTP/1.1\r\n', `X-Slow: ${'a'.repeat(100)}`), DEADLINE_MS);
    assert408(answer);
    assert.ok(elapsedMs >= HEADERS_TIMEOUT_MS - 50, `cut off after ${elapsedMs} ms`);
  });

  it('a connection that never sends a byte', async () => {
    const { answer } = await closedWithin(slowClient(port, ''), DEADLINE_MS);
    assert408(answer);
  });

  it('leaves a prompt request alone', async () => {
    const response = await fetch(`${edge.baseUrl}/jobs/job-1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 400, 'answered by validation (no targets), not by a timeout');
  });
});
