import { aliasTargets, importGraph, isSourcePath, isTestPath, unitOf, type ImportEdge } from './import-graph.js';

/**
 * The repository's layer rules (docs/adr/0012-layer-rules-as-a-test-over-the-import-graph.md).
 * Each rule names the files it governs and says, for one import of such a file, why it is not
 * allowed (or `undefined` when it is). `npm test` runs them over the whole repository.
 */
export interface LayerRule {
  name: string;
  governs: (file: string) => boolean;
  refuse: (edge: ImportEdge) => string | undefined;
}

export interface Violation {
  rule: string;
  /** `file:line` of the import, or `package.json` for a rule about the alias map. */
  at: string;
  specifier: string;
  reason: string;
}

const under = (prefix: string) => (file: string) => file.startsWith(prefix);
const insideOf = (edge: ImportEdge, prefix: string) => edge.kind === 'relative' && edge.target!.startsWith(prefix);

/** Units whose code ships in the service processes (everything but tests, bench and tooling). */
const isProductionSource = (file: string) =>
  (file.startsWith('libs/') || file.startsWith('apps/')) && isSourcePath(file) && unitOf(file) !== 'libs/testing';

const APPLICATION_MAY_USE = new Set(['#jobs/domain', '@nestjs/common', '@nestjs/cqrs', 'node:crypto']);
const HTTP_MAY_NOT_USE = new Set(['#event-store', '#messaging', '#jobs/read-models', 'pg', 'kafkajs']);

export const LAYER_RULES: readonly LayerRule[] = [
  {
    name: 'domain-is-pure',
    governs: under('libs/jobs/domain/src/'),
    refuse: (edge) =>
      insideOf(edge, 'libs/jobs/domain/src/') ? undefined : 'the domain imports nothing outside itself: no framework, driver or Node built-in',
  },
  {
    name: 'application-uses-only-the-domain-and-nest',
    governs: under('libs/jobs/application/src/'),
    refuse: (edge) => {
      if (insideOf(edge, 'libs/jobs/application/src/')) return undefined;
      const name = edge.kind === 'alias' ? edge.specifier : edge.packageName;
      if (name !== undefined && APPLICATION_MAY_USE.has(name)) return undefined;
      return `the application layer may import only ${[...APPLICATION_MAY_USE].join(', ')}; infrastructure reaches it through ports`;
    },
  },
  {
    name: 'http-never-touches-storage-or-broker',
    governs: under('libs/jobs/http/'),
    refuse: (edge) => {
      const name = edge.kind === 'alias' ? edge.specifier : edge.packageName;
      return name !== undefined && HTTP_MAY_NOT_USE.has(name)
        ? 'the HTTP edge talks to the application layer only, never to the store, the read models or the broker'
        : undefined;
    },
  },
  {
    name: 'src-never-imports-tests',
    governs: isSourcePath,
    refuse: (edge) => (edge.target !== undefined && isTestPath(edge.target) ? 'code under src/ never depends on test code' : undefined),
  },
  {
    name: 'production-code-never-imports-testing',
    governs: isProductionSource,
    refuse: (edge) =>
      edge.kind === 'alias' && edge.target !== undefined && unitOf(edge.target) === 'libs/testing'
        ? 'libs/testing is for tests and the bench'
        : undefined,
  },
  {
    name: 'relative-imports-stay-in-their-unit',
    governs: () => true,
    refuse: (edge) =>
      edge.kind === 'relative' && unitOf(edge.target!) !== unitOf(edge.from)
        ? `${unitOf(edge.target!)} is another unit: import it through its #alias (its public src/index.ts)`
        : undefined,
  },
  {
    name: 'libraries-never-import-apps',
    // libs/testing is the exception: its service launcher starts the jobs service through the app's public index.
    governs: (file) => file.startsWith('libs/') && unitOf(file) !== 'libs/testing',
    refuse: (edge) => (edge.target !== undefined && /^(apps|bench)\//.test(edge.target) ? 'libraries sit below the apps and the bench' : undefined),
  },
];

/** Every `#alias` must lead to a unit's public index, so no alias can reach past it. */
function aliasesPointAtAnIndex(root: string): Violation[] {
  return [...aliasTargets(root)]
    .filter(([, target]) => !/^(libs|apps)\/(jobs\/)?[a-z-]+\/src\/index\.ts$/.test(target))
    .map(([alias, target]) => ({
      rule: 'aliases-point-at-a-public-index',
      at: 'package.json',
      specifier: alias,
      reason: `${target} is not a unit's src/index.ts`,
    }));
}

/**
 * Units depend on each other without cycles, counting what their src/ code imports (tests may
 * import anything public: `#testing` starts the service whose libraries those tests cover).
 */
function unitCycles(edges: readonly ImportEdge[]): Violation[] {
  const dependsOn = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!isSourcePath(edge.from) || edge.target === undefined) continue;
    const [from, to] = [unitOf(edge.from), unitOf(edge.target)];
    if (from !== to) dependsOn.set(from, (dependsOn.get(from) ?? new Set()).add(to));
  }
  const cycles = new Set<string>();
  const visit = (unit: string, path: string[]): void => {
    const seenAt = path.indexOf(unit);
    if (seenAt >= 0) {
      const cycle = path.slice(seenAt);
      // The same cycle is found from each of its units; name it from its smallest one.
      const start = cycle.indexOf([...cycle].sort()[0]!);
      cycles.add([...cycle.slice(start), ...cycle.slice(0, start), cycle[start]].join(' → '));
      return;
    }
    for (const next of dependsOn.get(unit) ?? []) visit(next, [...path, unit]);
  };
  for (const unit of dependsOn.keys()) visit(unit, []);
  return [...cycles].map((cycle) => ({
    rule: 'no-cycles-between-units',
    at: cycle.split(' → ')[0]!,
    specifier: cycle,
    reason: 'units must form layers',
  }));
}

export function checkLayerRules(root: string, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
  const edges = importGraph(root);
  const violations = [...aliasesPointAtAnIndex(root), ...unitCycles(edges)];
  for (const edge of edges) {
    for (const rule of rules) {
      if (!rule.governs(edge.from)) continue;
      const reason = rule.refuse(edge);
      if (reason !== undefined) violations.push({ rule: rule.name, at: `${edge.from}:${edge.line}`, specifier: edge.specifier, reason });
    }
  }
  return violations;
}

export function describeViolation(violation: Violation): string {
  return `${violation.at} imports '${violation.specifier}' [${violation.rule}]: ${violation.reason}`;
}
