import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import type { JobExecutionView } from '#jobs/application';
import { notifyNextPayload, notifyPayload, REJECTION_CODES } from '#jobs/mqtt';

const DOC = fileURLToPath(new URL('../../../../../docs/asyncapi-mqtt.yaml', import.meta.url));
const doc = parse(readFileSync(DOC, 'utf8')) as { channels: Record<string, { address: string }>; components: { schemas: Record<string, unknown> } };

/** The schemas of docs/asyncapi-mqtt.yaml, compiled so payloads the code builds can be checked against them. */
function validatorFor(name: string) {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'mqtt', components: doc.components }, 'mqtt');
  return ajv.compile({ $ref: `mqtt#/components/schemas/${name}` });
}

const execution: JobExecutionView = {
  jobId: 'job-1',
  thingName: 'thing-1',
  thingArn: 'arn:aws:iot:us-east-1:123456789012:thing/thing-1',
  executionNumber: 1,
  status: 'IN_PROGRESS',
  forceCanceled: false,
  statusDetails: { step: 'download' },
  versionNumber: 2,
  retryAttempt: 0,
  queuedAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: new Date('2026-01-01T00:00:10Z'),
  lastUpdatedAt: new Date('2026-01-01T00:00:10Z'),
};

describe('docs/asyncapi-mqtt.yaml', () => {
  it('lists exactly the rejection codes of the code', () => {
    const rejection = doc.components.schemas['Rejection'] as { properties: { code: { enum: string[] } } };
    assert.deepEqual([...rejection.properties.code.enum].sort(), [...REJECTION_CODES].sort());
  });

  it('has a channel for every request, its accepted and rejected replies, and both notifications', () => {
    const addresses = new Set(Object.values(doc.channels).map((channel) => channel.address));
    for (const request of ['get', 'start-next', '{jobId}/get', '{jobId}/update']) {
      for (const suffix of ['', '/accepted', '/rejected'])
        assert.ok(addresses.has(`$aws/things/{thingName}/jobs/${request}${suffix}`), `${request}${suffix}`);
    }
    assert.ok(addresses.has('$aws/things/{thingName}/jobs/notify') && addresses.has('$aws/things/{thingName}/jobs/notify-next'));
  });

  it('describes the notifications the notifier builds', () => {
    const now = new Date();
    const notify = validatorFor('JobExecutionsChanged');
    const next = validatorFor('NextJobExecutionChanged');
    for (const payload of [notifyPayload([execution], now), notifyPayload([], now)]) assert.ok(notify(payload), JSON.stringify(notify.errors));
    for (const payload of [notifyNextPayload(execution, '{"op":"x"}', now), notifyNextPayload(undefined, undefined, now)]) {
      assert.ok(next(payload), JSON.stringify(next.errors));
    }
  });
});
