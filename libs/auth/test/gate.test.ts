import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { AuthError, authorize, RequestGate, TokenBuckets } from '#auth';
import { AUDITOR, DEVICE, NOW, OPERATOR, REGION, signedRequest } from './support.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  return undefined;
}

describe('authorization', () => {
  it('lets operators do everything', () => {
    assert.equal(
      codeOf(() => authorize(OPERATOR, { plane: 'control' })),
      undefined,
    );
    assert.equal(
      codeOf(() => authorize(OPERATOR, { plane: 'data', thingName: 'anything' })),
      undefined,
    );
  });

  it('lets auditors read the history and nothing else; operators read it too, devices never', () => {
    assert.equal(
      codeOf(() => authorize(AUDITOR, { plane: 'history' })),
      undefined,
    );
    assert.equal(
      codeOf(() => authorize(AUDITOR, { plane: 'control' })),
      'AccessDenied',
    );
    assert.equal(
      codeOf(() => authorize(AUDITOR, { plane: 'data', thingName: 'thing-a' })),
      'AccessDenied',
    );
    assert.equal(
      codeOf(() => authorize(OPERATOR, { plane: 'history' })),
      undefined,
    );
    assert.equal(
      codeOf(() => authorize(DEVICE, { plane: 'history', thingName: 'thing-a' })),
      'AccessDenied',
    );
  });

  it('keeps a device on the data plane and on its own things', () => {
    assert.equal(
      codeOf(() => authorize(DEVICE, { plane: 'data', thingName: 'thing-a' })),
      undefined,
    );
    assert.equal(
      codeOf(() => authorize(DEVICE, { plane: 'data', thingName: 'thing-b' })),
      'AccessDenied',
    );
    assert.equal(
      codeOf(() => authorize(DEVICE, { plane: 'data' })),
      'AccessDenied',
    );
    assert.equal(
      codeOf(() => authorize(DEVICE, { plane: 'control', thingName: 'thing-a' })),
      'AccessDenied',
    );
  });
});

describe('token buckets', () => {
  it('allows the burst, then refuses with a retry hint, then refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const settings = { ratePerSecond: 2, burst: 3 };
    for (let i = 0; i < 3; i += 1) assert.deepEqual(buckets.take('a', settings), { allowed: true });
    assert.deepEqual(buckets.take('a', settings), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(buckets.take('b', settings), { allowed: true }, 'buckets are per key');
    now += 500;
    assert.deepEqual(buckets.take('a', settings), { allowed: true });
    assert.equal(buckets.take('a', settings).allowed, false);
    now += 60_000;
    for (let i = 0; i < 3; i += 1) assert.equal(buckets.take('a', settings).allowed, true, 'refill stops at the burst');
    assert.equal(buckets.take('a', settings).allowed, false);
  });

  it('hints a longer wait for a slow rate', () => {
    const buckets = new TokenBuckets(() => 0);
    const settings = { ratePerSecond: 0.1, burst: 1 };
    buckets.take('a', settings);
    assert.deepEqual(buckets.take('a', settings), { allowed: false, retryAfterSeconds: 10 });
  });
});

describe('request gate', () => {
  const gate = () =>
    new RequestGate({
      principals: [OPERATOR, { ...DEVICE, throttle: { ratePerSecond: 1, burst: 1 } }],
      region: REGION,
      throttle: { ratePerSecond: 100, burst: 100 },
      now: () => NOW,
    });

  it('authenticates with the plane signing name, then authorizes', async () => {
    const g = gate();
    const own = await signedRequest({ method: 'GET', path: '/data-plane/things/thing-a/jobs' }, { principal: DEVICE, service: 'iot-jobs-data' });
    assert.equal((await g.admit(own, { plane: 'data', thingName: 'thing-a' })).name, DEVICE.name);
    const asControl = await g.admit(own, { plane: 'control' }).catch((e: AuthError) => e.code);
    assert.equal(asControl, 'InvalidSignature');
  });

  it('admits history reads signed for iot-jobs-history only', async () => {
    const g = new RequestGate({ principals: [OPERATOR, AUDITOR], region: REGION, throttle: { ratePerSecond: 100, burst: 100 }, now: () => NOW });
    const read = await signedRequest({ method: 'GET', path: '/history/things/thing-a' }, { principal: AUDITOR, service: 'iot-jobs-history' });
    assert.equal(await g.admit(read, { plane: 'history' }), AUDITOR);
    const controlSigned = await signedRequest({ method: 'GET', path: '/history/things/thing-a' }, { principal: AUDITOR });
    assert.equal(await g.admit(controlSigned, { plane: 'history' }).catch((e: AuthError) => e.code), 'InvalidSignature');
  });

  it('throttles per principal with its own settings', async () => {
    const g = gate();
    const request = await signedRequest({ method: 'GET', path: '/data-plane/things/thing-a/jobs' }, { principal: DEVICE, service: 'iot-jobs-data' });
    await g.admit(request, { plane: 'data', thingName: 'thing-a' });
    const refused = await g.admit(request, { plane: 'data', thingName: 'thing-a' }).catch((e: AuthError) => e);
    assert.ok(refused instanceof AuthError);
    assert.equal(refused.code, 'Throttling');
    assert.equal(refused.retryAfterSeconds, 1);
    const operatorRequest = await signedRequest({ method: 'GET', path: '/jobs' });
    assert.equal(await g.admit(operatorRequest, { plane: 'control' }), OPERATOR, 'other principals are unaffected');
  });
});
