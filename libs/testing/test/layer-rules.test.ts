import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLayerRules, describeViolation, type Violation } from '../src/architecture/layer-rules.js';

// This file runs from dist/libs/testing/test/; the repository root is four levels up.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * TEMPORARY: imports that break a rule today in code another change is reworking. Each entry is
 * `file 'specifier' [rule]`; remove it with the change that fixes the import (an entry that no
 * longer matches fails the test, so the list cannot go stale). The list should be empty.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

describe('layer rules of this repository', () => {
  const violations = checkLayerRules(repositoryRoot);
  const key = (violation: Violation) => `${violation.at.replace(/:\d+$/, '')} '${violation.specifier}' [${violation.rule}]`;

  it('hold for every import of every code file', () => {
    assert.deepEqual(violations.filter((violation) => !KNOWN_VIOLATIONS.includes(key(violation))).map(describeViolation), []);
  });

  it('list no known violation that is gone', () => {
    assert.deepEqual(
      KNOWN_VIOLATIONS.filter((known) => !violations.some((violation) => key(violation) === known)),
      [],
    );
  });
});

describe('layer rules catch deliberate violations', () => {
  const root = mkdtempSync(join(tmpdir(), 'layer-rules-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const index = (unit: string) => ({ types: `./${unit}/src/index.ts`, default: `./dist/${unit}/src/index.js` });
  write(
    'package.json',
    JSON.stringify({
      imports: {
        '#event-store': index('libs/event-store'),
        '#jobs/domain': index('libs/jobs/domain'),
        '#testing': index('libs/testing'),
        '#jobs-service': index('apps/jobs-service'),
        '#settings': index('libs/settings'),
        '#sneaky': { types: './libs/auth/src/internal.ts' },
      },
    }),
  );
  write('libs/jobs/http/src/controller.ts', `// import 'pg' in a comment is not an import\nimport { PostgresEventStore } from '#event-store';\n`);
  write('libs/jobs/http/test/controller.test.ts', `import pg from 'pg';\nimport { Kafka } from 'kafkajs';\n`);
  write(
    'libs/jobs/domain/src/job.ts',
    `import { Injectable } from '@nestjs/common';\nimport { randomUUID } from 'node:crypto';\nimport { x } from './x.js';\n`,
  );
  write(
    'libs/jobs/application/src/handler.ts',
    `import { Injectable } from '@nestjs/common';\nimport { decide } from '#jobs/domain';\nimport pg from 'pg';\n`,
  );
  write('libs/auth/src/verify.ts', `export { helper } from '../test/helper.js';\nimport { freshDatabase } from '#testing';\n`);
  write('libs/messaging/src/relay.ts', `import { startService } from '#jobs-service';\n`);
  write(
    'bench/src/rebuild.ts',
    `import { rebuild } from '../../apps/history-consumer/src/rebuild-history.js';\nconst m = await import('../../libs/event-store/src/index.js');\nimport { freshDatabase } from '#testing';\n`,
  );
  write('apps/history-consumer/test/e2e.test.ts', `import { startServiceUnderTest } from '../../jobs-service/test/support/service-under-test.js';\n`);

  write('libs/event-store/src/index.ts', `export { loadSettings } from '#settings';\n`);
  write('libs/settings/src/index.ts', `import { append } from '#event-store';\n`);
  write('libs/testing/src/index.ts', `import { startService } from '#jobs-service';\n`);
  write('apps/jobs-service/src/index.ts', `import { decide } from '#jobs/domain';\n`);
  write('libs/jobs/domain/test/decide.test.ts', `import { freshDatabase } from '#testing';\n`);
  const found = checkLayerRules(root).map((violation) => `${violation.rule} ${violation.at} ${violation.specifier}`);

  it('an HTTP file importing #event-store, and an HTTP test importing pg or kafkajs', () => {
    assert.ok(found.includes('http-never-touches-storage-or-broker libs/jobs/http/src/controller.ts:2 #event-store'), found.join('\n'));
    assert.ok(found.includes('http-never-touches-storage-or-broker libs/jobs/http/test/controller.test.ts:1 pg'));
    assert.ok(found.includes('http-never-touches-storage-or-broker libs/jobs/http/test/controller.test.ts:2 kafkajs'));
  });

  it('a domain file importing a framework or a Node built-in, but not its own files', () => {
    assert.ok(found.includes('domain-is-pure libs/jobs/domain/src/job.ts:1 @nestjs/common'));
    assert.ok(found.includes('domain-is-pure libs/jobs/domain/src/job.ts:2 node:crypto'));
    assert.ok(!found.some((line) => line.endsWith('./x.js')));
  });

  it('an application file importing a driver, but not Nest or the domain', () => {
    assert.deepEqual(
      found.filter((line) => line.includes('libs/jobs/application/')),
      ['application-uses-only-the-domain-and-nest libs/jobs/application/src/handler.ts:3 pg'],
    );
  });

  it('src importing a test file or #testing, and a library importing an app', () => {
    assert.ok(found.includes('src-never-imports-tests libs/auth/src/verify.ts:1 ../test/helper.js'));
    assert.ok(found.includes('production-code-never-imports-testing libs/auth/src/verify.ts:2 #testing'));
    assert.ok(found.includes('libraries-never-import-apps libs/messaging/src/relay.ts:1 #jobs-service'));
  });

  it('deep relative paths into another unit, from the bench and between apps; the bench may use #testing', () => {
    assert.ok(found.includes('relative-imports-stay-in-their-unit bench/src/rebuild.ts:1 ../../apps/history-consumer/src/rebuild-history.js'));
    assert.ok(found.includes('relative-imports-stay-in-their-unit bench/src/rebuild.ts:2 ../../libs/event-store/src/index.js'));
    assert.ok(
      found.includes(
        'relative-imports-stay-in-their-unit apps/history-consumer/test/e2e.test.ts:1 ../../jobs-service/test/support/service-under-test.js',
      ),
    );
    assert.ok(!found.some((line) => line.startsWith('production-code-never-imports-testing bench/')));
  });

  it('two units importing each other from src/, but not a test importing #testing', () => {
    assert.deepEqual(
      found.filter((line) => line.startsWith('no-cycles-between-units')),
      ['no-cycles-between-units libs/event-store libs/event-store → libs/settings → libs/event-store'],
    );
  });

  it('an alias that reaches past a public index', () => {
    assert.ok(found.includes('aliases-point-at-a-public-index package.json #sneaky'));
  });
});
