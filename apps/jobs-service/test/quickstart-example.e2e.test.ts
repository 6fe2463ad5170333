import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { OPERATOR, startServiceUnderTest, type ServiceUnderTest } from '#testing';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/quickstart.mjs', import.meta.url));

/** The README's runnable example must keep working against the real service. */
describe('examples/quickstart.mjs', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  it('creates a job, starts and cancels executions with both SDK clients', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [EXAMPLE], {
      env: {
        ...process.env,
        JOBS_ENDPOINT: sut.service.url,
        AWS_ACCESS_KEY_ID: OPERATOR.accessKeyId,
        AWS_SECRET_ACCESS_KEY: OPERATOR.secretAccessKey,
      },
      timeout: 60_000,
    });
    assert.match(stdout, /started reboot-/);
    assert.match(stdout, /sensor-a-\w+: CANCELED \(version 4, forceCanceled true\)/);
    assert.match(stdout, /sensor-b-\w+: CANCELED \(version 2, forceCanceled false\)/);
  });
});
