import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { AuthError, verifySigV4, sha256Hex, type IncomingSignedRequest } from '#auth';
import { DEVICE, NOW, OPERATOR, REGION, signedRequest } from './support.js';

const principals = new Map([OPERATOR, DEVICE].map((p) => [p.accessKeyId, p]));

function verify(request: IncomingSignedRequest, overrides: { service?: string; now?: number } = {}) {
  return verifySigV4(request, {
    principalFor: (id) => principals.get(id),
    region: REGION,
    service: overrides.service ?? 'iot',
    now: overrides.now ?? NOW,
    maxSkewMs: 15 * 60 * 1000,
  });
}

async function refusal(request: IncomingSignedRequest, overrides: { service?: string; now?: number } = {}): Promise<AuthError> {
  try {
    await verify(request, overrides);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

const createJob = { method: 'PUT', path: '/jobs/job-1', body: '{"targets":["arn:aws:iot:us-east-1:123456789012:thing/t"],"document":"{}"}' };

describe('SigV4 verification', () => {
  it('accepts what the SDK signer produced and returns the principal', async () => {
    assert.equal(await verify(await signedRequest(createJob)), OPERATOR);
  });

  it('verifies odd thing names, $next and query values against the raw, still-encoded path', async () => {
    const odd = await signedRequest({
      method: 'PUT',
      path: `/things/${encodeURIComponent('my thing:odd+chars')}/jobs/j/cancel`,
      query: { force: 'true', nextToken: 'a/b+c=d e*' },
      body: '{}',
    });
    assert.equal(await verify(odd), OPERATOR);
    const next = await signedRequest(
      { method: 'PUT', path: '/data-plane/things/thing-a/jobs/$next', body: '{}' },
      { principal: DEVICE, service: 'iot-jobs-data' },
    );
    assert.equal(await verify(next, { service: 'iot-jobs-data' }), DEVICE);
  });

  it('accepts a signature without x-amz-content-sha256, and then still catches a changed body', async () => {
    const request = await signedRequest(createJob, { contentHash: false });
    assert.equal(request.headers['x-amz-content-sha256'], undefined);
    assert.equal(await verify(request), OPERATOR);
    const tampered = { ...request, body: Buffer.from(createJob.body.replace('thing/t', 'thing/u')) };
    assert.equal((await refusal(tampered)).code, 'InvalidSignature');
  });

  it('refuses a changed body even when the signed payload hash header is left as it was', async () => {
    const request = await signedRequest(createJob);
    const error = await refusal({ ...request, body: Buffer.from('{"document":"evil"}') });
    assert.equal(error.code, 'InvalidSignature');
    assert.match(error.message, /x-amz-content-sha256/);
  });

  it('refuses a changed body whose hash header was recomputed', async () => {
    const request = await signedRequest(createJob);
    const body = Buffer.from('{"document":"evil"}');
    const error = await refusal({ ...request, body, headers: { ...request.headers, 'x-amz-content-sha256': sha256Hex(body) } });
    assert.equal(error.code, 'InvalidSignature');
    assert.match(error.message, /does not match the signature/);
  });

  it('refuses a changed path, query, method or host', async () => {
    const request = await signedRequest({ ...createJob, query: { force: 'true' } });
    const variants: IncomingSignedRequest[] = [
      { ...request, url: request.url.replace('job-1', 'job-2') },
      { ...request, url: request.url.replace('force=true', 'force=false') },
      { ...request, url: request.url.split('?')[0]! },
      { ...request, method: 'POST' },
      { ...request, headers: { ...request.headers, host: '127.0.0.1:3001' } },
    ];
    for (const variant of variants) assert.equal((await refusal(variant)).code, 'InvalidSignature');
  });

  it('refuses a pre-decoded path: %24next and $next are different canonical paths', async () => {
    const request = await signedRequest(
      { method: 'GET', path: '/data-plane/things/thing-a/jobs/%24next' },
      { principal: DEVICE, service: 'iot-jobs-data' },
    );
    assert.equal(await verify(request, { service: 'iot-jobs-data' }), DEVICE);
    const decoded = { ...request, url: request.url.replace('%24next', '$next') };
    assert.equal((await refusal(decoded, { service: 'iot-jobs-data' })).code, 'InvalidSignature');
  });

  it('refuses a wrong secret, an unknown key, a missing and a malformed Authorization header', async () => {
    const wrongSecret = await signedRequest(createJob, { principal: { ...OPERATOR, secretAccessKey: 'not-the-operator-secret' } });
    assert.equal((await refusal(wrongSecret)).code, 'InvalidSignature');
    const unknown = await signedRequest(createJob, { principal: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'whatever-secret-0123' } });
    assert.equal((await refusal(unknown)).code, 'UnrecognizedClient');
    const request = await signedRequest(createJob);
    const { authorization: _dropped, ...unsigned } = request.headers;
    assert.equal((await refusal({ ...request, headers: unsigned })).code, 'MissingAuthenticationToken');
    const malformed = { ...request, headers: { ...request.headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDOPERATOR1' } };
    assert.equal((await refusal(malformed)).code, 'IncompleteSignature');
  });

  it('refuses a signature scoped to the other plane or another region', async () => {
    const dataScoped = await signedRequest(createJob, { service: 'iot-jobs-data' });
    const error = await refusal(dataScoped, { service: 'iot' });
    assert.equal(error.code, 'InvalidSignature');
    assert.match(error.message, /scoped to correct service: 'iot'/);
    assert.equal((await refusal(await signedRequest(createJob, { region: 'eu-west-1' }))).code, 'InvalidSignature');
  });

  it('accepts up to 15 minutes of clock skew either way and refuses more as an expired signature', async () => {
    const minute = 60 * 1000;
    assert.equal(await verify(await signedRequest(createJob, { signedAt: NOW - 14 * minute })), OPERATOR);
    assert.equal(await verify(await signedRequest(createJob, { signedAt: NOW + 14 * minute })), OPERATOR);
    for (const signedAt of [NOW - 16 * minute, NOW + 16 * minute]) {
      const error = await refusal(await signedRequest(createJob, { signedAt }));
      assert.equal(error.code, 'InvalidSignature');
      assert.match(error.message, /^Signature expired/);
    }
  });

  it('verifies query parameters named like members of Object.prototype', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      const request = await signedRequest({ method: 'GET', path: '/jobs', query: { [name]: 'x', maxResults: '5' } });
      assert.ok(request.url.includes(`${name}=x`), request.url);
      assert.equal(await verify(request), OPERATOR, name);
    }
  });

  it('does not take a signed header named like an Object.prototype member from the prototype', async () => {
    const request = await signedRequest(createJob);
    const authorization = String(request.headers['authorization']).replace('SignedHeaders=', 'SignedHeaders=constructor;');
    const error = await refusal({ ...request, headers: { ...request.headers, authorization } });
    assert.equal(error.code, 'InvalidSignature');
    assert.match(error.message, /signed header constructor is missing/);
  });

  it('refuses a request that carries Authorization or x-amz-date twice, even with one valid signature', async () => {
    const request = await signedRequest(createJob);
    const rawHeaders = Object.entries(request.headers).flatMap(([name, value]) => [name, String(value)]);
    assert.equal(await verify({ ...request, rawHeaders }), OPERATOR, 'each header once is fine');
    const other = await signedRequest(createJob, { principal: DEVICE });
    for (const [name, second] of [
      ['Authorization', String(other.headers['authorization'])],
      ['X-Amz-Date', String(request.headers['x-amz-date'])],
    ] as const) {
      const error = await refusal({ ...request, rawHeaders: [...rawHeaders, name, second] });
      assert.equal(error.code, 'IncompleteSignature', name);
      assert.match(error.message, new RegExp(`more than one ${name.toLowerCase()} header`));
    }
  });

  it('never puts the secret into an error message', async () => {
    const wrongSecret = await signedRequest(createJob, { principal: { ...OPERATOR, secretAccessKey: 'not-the-operator-secret' } });
    const error = await refusal(wrongSecret);
    assert.ok(!error.message.includes(OPERATOR.secretAccessKey));
    assert.ok(!error.message.includes('not-the-operator-secret'));
  });
});
