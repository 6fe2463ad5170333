import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/config.js';

const DOC = fileURLToPath(new URL('../../../../../docs/configuration.md', import.meta.url));

/** `| \`NAME\` | default | meaning |` rows of the first table. */
function documentedSettings(): Map<string, string> {
  const rows = readFileSync(DOC, 'utf8').split('\n').map((line) => /^\| `([A-Z0-9_]+)` \| ([^|]+) \|/.exec(line));
  return new Map(rows.filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1]!, m[2]!.trim()]));
}

/** How the table writes a schema default. */
function rendered(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '(unset)';
  return `\`${Array.isArray(value) ? value.join(',') : String(value)}\``;
}

describe('docs/configuration.md', () => {
  const documented = documentedSettings();
  const shape = configSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;

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
