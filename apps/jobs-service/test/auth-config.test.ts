import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.js';

const DATABASE_URL = 'postgres://u@h:5432/db';
const operator = { accessKeyId: 'AKIDOPERATOR1', secretAccessKey: 'operator-secret-0123456789', role: 'operator' };

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('authentication settings', () => {
  it('is enabled by default and then requires principals', () => {
    assert.match(configError({ DATABASE_URL }), /AUTH_PRINCIPALS: is required while AUTH_MODE is enabled/);
  });

  it('parses the principals and the throttle settings', () => {
    const config = loadConfig({ DATABASE_URL, AUTH_PRINCIPALS: JSON.stringify([operator]), THROTTLE_RATE_PER_SECOND: '5', THROTTLE_BURST: '7' });
    assert.equal(config.AUTH_MODE, 'enabled');
    assert.deepEqual(
      config.AUTH_PRINCIPALS.map((p) => [p.name, p.role]),
      [['AKIDOPERATOR1', 'operator']],
    );
    assert.equal(config.THROTTLE_RATE_PER_SECOND, 5);
    assert.equal(config.THROTTLE_BURST, 7);
  });

  it('names the bad principal field without echoing any secret', () => {
    const message = configError({ DATABASE_URL, AUTH_PRINCIPALS: JSON.stringify([{ ...operator, role: 'device', thingNames: ['bad name!'] }]) });
    assert.match(message, /AUTH_PRINCIPALS: \[0\]\.thingNames\[0\]: must be a valid thing name/);
    assert.ok(!message.includes(operator.secretAccessKey));
  });

  it('accepts the explicit development opt-out without principals', () => {
    assert.equal(loadConfig({ DATABASE_URL, AUTH_MODE: 'disabled' }).AUTH_MODE, 'disabled');
    assert.match(configError({ DATABASE_URL, AUTH_MODE: 'off' }), /AUTH_MODE/);
  });
});
