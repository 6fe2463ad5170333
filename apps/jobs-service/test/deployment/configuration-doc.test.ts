import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/config.js';
import { historyConfigSchema } from '#history-consumer';

const DOC = fileURLToPath(new URL('../../../../../docs/configuration.md', import.meta.url));

const HISTORY_HEADING = '## History consumer';

/** `| \`NAME\` | default | meaning |` rows of the service's table (before the history section) or the consumer's. */
function documentedSettings(section: 'service' | 'history-consumer'): Map<string, string> {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(HISTORY_HEADING);
  assert.ok(start > 0, `docs/configuration.md has a "${HISTORY_HEADING}" section`);
  const part = section === 'service' ? text.slice(0, start) : text.slice(start);
  const rows = part.split('\n').map((line) => /^\| `([A-Z0-9_]+)` \| ([^|]+) \|/.exec(line));
  return new Map(rows.filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1]!, m[2]!.trim()]));
}

/** How the table writes a schema default. */
function rendered(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '(unset)';
  return `\`${Array.isArray(value) ? value.join(',') : String(value)}\``;
}

type Shape = Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;

for (const [section, schema] of [
  ['service', configSchema],
  ['history-consumer', historyConfigSchema],
] as const) {
  describe(`docs/configuration.md: ${section}`, () => {
    const documented = documentedSettings(section);
    const shape = schema.shape as Shape;

    it('documents exactly the settings the schema reads', () => {
      assert.deepEqual([...documented.keys()].sort(), Object.keys(shape).sort());
    });

    it("states each setting's real default", () => {
      for (const [name, field] of Object.entries(shape)) {
        const parsed = field.safeParse(undefined);
        assert.equal(documented.get(name), rendered(parsed.success ? parsed.data : undefined), name);
      }
    });
  });
}
