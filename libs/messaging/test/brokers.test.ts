import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKafka, parseBrokers } from '#messaging';

describe('broker settings', () => {
  it('splits a comma-separated broker list and drops blanks and spaces', () => {
    assert.deepEqual(parseBrokers(' 127.0.0.1:19092, broker-2:9092 ,,'), ['127.0.0.1:19092', 'broker-2:9092']);
    assert.deepEqual(parseBrokers(undefined), []);
    assert.deepEqual(parseBrokers(''), []);
  });

  it('refuses to build a client without brokers, instead of failing later on connect', () => {
    assert.throws(() => createKafka({ brokers: [], clientId: 'x' }), /at least one broker/);
  });
});
