import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { principalsFromSetting, PrincipalsConfigError } from '#auth';

const operator = { accessKeyId: 'AKIDOPERATOR1', secretAccessKey: 'operator-secret-0123456789', role: 'operator' };
const device = { name: 'dev-a', accessKeyId: 'AKIDDEVICEA', secretAccessKey: 'device-a-secret-0123456789', role: 'device', thingNames: ['thing-a'] };

function failure(setting: string): string {
  try {
    principalsFromSetting(setting);
  } catch (error) {
    assert.ok(error instanceof PrincipalsConfigError);
    return error.message;
  }
  throw new Error('expected the setting to be refused');
}

describe('principals setting', () => {
  it('reads inline JSON and names a principal after its access key id by default', () => {
    const principals = principalsFromSetting(JSON.stringify([operator, device]));
    assert.deepEqual(
      principals.map((p) => [p.name, p.role]),
      [
        ['AKIDOPERATOR1', 'operator'],
        ['dev-a', 'device'],
      ],
    );
  });

  it('reads auditors, which name no things', () => {
    const auditor = { name: 'audit', accessKeyId: 'AKIDAUDIT1', secretAccessKey: 'auditor-secret-0123456789', role: 'auditor' };
    assert.deepEqual(principalsFromSetting(JSON.stringify([auditor]))[0]?.role, 'auditor');
    assert.match(failure(JSON.stringify([{ ...auditor, thingNames: ['thing-a'] }])), /\[0\]/);
  });

  it('reads a file when the setting is a path', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'principals-')), 'principals.json');
    writeFileSync(path, JSON.stringify([device]));
    assert.equal(principalsFromSetting(path)[0]?.name, 'dev-a');
    assert.match(failure(`${path}.missing`), /cannot read the principals file .*ENOENT/);
  });

  it('names the bad entry and field', () => {
    assert.match(failure(JSON.stringify([operator, { ...device, thingNames: [] }])), /\[1\]\.thingNames: must name at least one thing/);
    assert.match(failure(JSON.stringify([{ ...operator, secretAccessKey: 'short' }])), /\[0\]\.secretAccessKey: must be at least 16 characters/);
    assert.match(failure(JSON.stringify([{ ...operator, role: 'admin' }])), /\[0\]\.role/);
    assert.match(failure(JSON.stringify([operator, { ...device, accessKeyId: operator.accessKeyId }])), /\[1\]\.accessKeyId: duplicates/);
    assert.match(failure(JSON.stringify([{ ...operator, thingNames: ['x'] }])), /\[0\]/);
  });

  it('never echoes a secret, not even from malformed JSON', () => {
    const secret = 'super-secret-value-123456';
    const message = failure(`[{"accessKeyId":"AKIDX","secretAccessKey":"${secret}",}]`);
    assert.ok(!message.includes(secret), message);
    assert.ok(!failure(JSON.stringify([{ ...operator, secretAccessKey: 'tiny' }])).includes('tiny'));
  });
});
