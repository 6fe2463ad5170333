import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The domain depends on nothing: no framework, no driver, not even Node built-ins. Both the
 * sources and the compiled output are scanned, so a re-export or a generated import is caught too.
 */

// This file runs from dist/libs/jobs/domain/test/; the repository root is five levels up.
const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const folders = [join(repositoryRoot, 'libs/jobs/domain/src'), join(repositoryRoot, 'dist/libs/jobs/domain/src')];

function codeFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => join(folder, file));
}

/** Every module specifier in `import … from`, `export … from`, `import(…)` and `require(…)`. */
function specifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g);
  return [...found].map((match) => match[1]!);
}

describe('domain purity', () => {
  for (const folder of folders) {
    it(`imports only relative modules in ${folder.slice(repositoryRoot.length)}`, () => {
      const files = codeFiles(folder);
      assert.ok(files.length > 10, `expected the domain sources in ${folder}`);
      const outside = files.flatMap((file) =>
        specifiers(readFileSync(file, 'utf8'))
          .filter((specifier) => !specifier.startsWith('./') && !specifier.startsWith('../'))
          .map((specifier) => `${file.slice(repositoryRoot.length)} imports ${specifier}`),
      );
      assert.deepEqual(outside, []);
    });
  }

  it('the scanner recognises the imports it must forbid', () => {
    const sample = `import { Injectable } from '@nestjs/common';\nexport * from "pg";\nconst k = await import('kafkajs');\nimport 'fastify';`;
    assert.deepEqual(specifiers(sample), ['@nestjs/common', 'pg', 'kafkajs', 'fastify']);
  });
});
