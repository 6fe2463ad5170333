import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollUntil, resolveTestEnvironment } from '#testing';

describe('test environment resolution', () => {
  it('uses DATABASE_URL and KAFKA_BROKERS from the environment as given and starts nothing', async () => {
    const environment = await resolveTestEnvironment({
      env: { DATABASE_URL: 'postgres://app@db.example:5432/app', KAFKA_BROKERS: 'k1:9092,k2:9092' },
    });
    assert.equal(environment.databaseUrl, 'postgres://app@db.example:5432/app');
    assert.equal(environment.kafkaBrokers, 'k1:9092,k2:9092');
    assert.deepEqual(environment.sources, ['postgres: DATABASE_URL from the environment', 'kafka: KAFKA_BROKERS from the environment']);
    await environment.stop();
  });

  it('prefers TEST_DATABASE_URL over DATABASE_URL, so a run never points tests at an app database', async () => {
    const environment = await resolveTestEnvironment({
      env: { TEST_DATABASE_URL: 'postgres://t@127.0.0.1/t', DATABASE_URL: 'postgres://app@127.0.0.1/app', KAFKA_BROKERS: 'k:1' },
    });
    assert.equal(environment.databaseUrl, 'postgres://t@127.0.0.1/t');
  });
});

describe('pollUntil', () => {
  it('returns the first defined result', async () => {
    let calls = 0;
    const result = await pollUntil(() => (++calls === 3 ? 'ready' : undefined), { intervalMs: 1 });
    assert.equal(result, 'ready');
    assert.equal(calls, 3);
  });

  it('gives up at the deadline, naming what it waited for and the last error', async () => {
    await assert.rejects(
      pollUntil(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the thing' },
      ),
      (error: Error) => /the thing not met within 30 ms/.test(error.message) && (error.cause as Error).message === 'not yet',
    );
  });
});
