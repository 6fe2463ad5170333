import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ConfigError } from '../src/config/config.js';
import { loadRelayConfig } from '../src/config/relay-config.js';

const RELAY_MAIN = fileURLToPath(new URL('../src/relay-main.js', import.meta.url));
const VALID = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', KAFKA_BROKERS: '127.0.0.1:9092' };

function problemOf(env: Record<string, string>): string {
  try {
    loadRelayConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('standalone relay configuration', () => {
  it('needs only the store, the brokers and defaults: no auth principals, no port', () => {
    const config = loadRelayConfig(VALID);
    assert.equal(config.DATABASE_URL, VALID.DATABASE_URL);
    assert.deepEqual(config.KAFKA_BROKERS, ['127.0.0.1:9092']);
    assert.equal(config.KAFKA_TOPIC_PREFIX, 'iot-jobs');
    assert.equal(config.AWS_ACCOUNT_ID, '123456789012');
    assert.ok(!('AUTH_PRINCIPALS' in config) && !('PORT' in config));
  });

  it('names each missing or malformed setting', () => {
    assert.match(problemOf({ KAFKA_BROKERS: '127.0.0.1:9092' }), /DATABASE_URL: is required for the relay/);
    assert.match(problemOf({ DATABASE_URL: VALID.DATABASE_URL }), /KAFKA_BROKERS: is required for the relay/);
    assert.match(problemOf({ ...VALID, DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a postgres:\/\/ URL/);
    assert.match(problemOf({ ...VALID, KAFKA_BROKERS: 'no-port' }), /KAFKA_BROKERS: must be a comma-separated list of host:port/);
    assert.match(problemOf({ ...VALID, KAFKA_RELAY_LEASE_MS: '10' }), /KAFKA_RELAY_LEASE_MS:/);
    assert.match(problemOf({ ...VALID, AWS_ACCOUNT_ID: '42' }), /AWS_ACCOUNT_ID: must be 12 digits/);
  });

  it('makes relay-main exit with 78 and name the bad setting', async () => {
    const child = spawn(process.execPath, [RELAY_MAIN], {
      env: { PATH: process.env.PATH, ...VALID, KAFKA_RELAY_BATCH_SIZE: 'lots' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 78, output);
    assert.match(output, /KAFKA_RELAY_BATCH_SIZE:/);
  });
});
