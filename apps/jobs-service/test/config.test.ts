import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

describe('configuration', () => {
  it('accepts a complete configuration and applies defaults', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', KAFKA_BROKERS: 'a:9092, b:9093', AUTH_MODE: 'disabled' });
    assert.equal(config.PORT, 3000);
    assert.deepEqual(config.KAFKA_BROKERS, ['a:9092', 'b:9093']);
  });

  it('names every missing or malformed setting', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://nope', PORT: 'eighty', KAFKA_BROKERS: 'no-port' }),
      (error: unknown) =>
        error instanceof ConfigError && /DATABASE_URL/.test(error.message) && /PORT/.test(error.message) && /KAFKA_BROKERS/.test(error.message),
    );
  });

  it('stops the process at start-up with a message that names the bad setting', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', PORT: '70000' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /DATABASE_URL: must be a postgres:\/\/ URL/);
    assert.match(result.stderr, /PORT/);
  });
});
