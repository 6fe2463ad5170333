import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CoveringTest, InputDecisions, Plane } from './member-decisions.js';

/** test/fixtures/aws-model-shapes.json, written by scripts/aws-model-shapes.mjs. */
export interface ModelMember {
  /** `a.b[].c`: structure members joined by dots, `[]` for the elements of a list. */
  path: string;
  type: string;
  /** Only on top-level input members: uri, querystring, header or body. */
  location?: 'uri' | 'querystring' | 'header' | 'body';
  locationName?: string;
  required?: boolean;
}

export interface ModelOperation {
  http: { method: string; requestUri: string };
  input: ModelMember[];
  output: ModelMember[];
  /** The error shapes the model lists for the operation, by name. */
  errors: string[];
}

export interface ModelShapes {
  botocoreVersion: string;
  planes: Record<Plane, { service: string; operations: Record<string, ModelOperation> }>;
}

/** This file runs from dist/libs/jobs/http/test/support/; the fixture stays in the source tree. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../../', import.meta.url));

export function loadModelShapes(): ModelShapes {
  return JSON.parse(readFileSync(`${REPO_ROOT}libs/jobs/http/test/fixtures/aws-model-shapes.json`, 'utf8')) as ModelShapes;
}

export function* operationsOf(model: ModelShapes): Generator<{ plane: Plane; name: string; operation: ModelOperation }> {
  for (const plane of ['control', 'data'] as const) {
    for (const [name, operation] of Object.entries(model.planes[plane].operations)) yield { plane, name, operation };
  }
}

/** The structure or list member a path sits in (`a.b[].c` → `a.b`), or undefined at the top. */
export function parentPath(path: string): string | undefined {
  const cut = path.lastIndexOf('.');
  return cut === -1 ? undefined : path.slice(0, cut).replace(/\[\]$/, '');
}

function underRefused(path: string, refused: Record<string, string>): boolean {
  for (let parent = parentPath(path); parent !== undefined; parent = parentPath(parent)) {
    if (parent in refused) return true;
  }
  return false;
}

/**
 * Everything undecided or inconsistent about the input members: a model member in neither list
 * (or in both), a list entry the model does not have, an operation without decisions. Empty when
 * every member is decided exactly once.
 */
export function inputDecisionProblems(model: ModelShapes, decisions: Record<Plane, Record<string, InputDecisions>>): string[] {
  const problems: string[] = [];
  const served = new Set<string>();
  for (const { plane, name, operation } of operationsOf(model)) {
    served.add(`${plane}:${name}`);
    const decided = decisions[plane][name];
    if (decided === undefined) {
      problems.push(`${plane} ${name}: no decisions for this operation`);
      continue;
    }
    const paths = new Set(operation.input.map((member) => member.path));
    for (const { path, location } of operation.input) {
      const honoured = path in decided.honoured;
      const refused = path in decided.refused;
      if (honoured && refused) problems.push(`${plane} ${name}: ${path} is both honoured and refused`);
      else if (!honoured && !refused && !underRefused(path, decided.refused)) {
        problems.push(`${plane} ${name}: ${path}${location ? ` (${location})` : ''} is neither honoured nor refused`);
      }
      // A nested member may be refused only inside an honoured structure; else refuse the structure.
      const parent = parentPath(path);
      if (refused && parent !== undefined && !(parent in decided.honoured)) {
        problems.push(`${plane} ${name}: ${path} is nested in a member that is not honoured; refuse its top-level member`);
      }
    }
    for (const path of [...Object.keys(decided.honoured), ...Object.keys(decided.refused)]) {
      if (!paths.has(path)) problems.push(`${plane} ${name}: ${path} is decided but the model has no such member`);
    }
  }
  for (const plane of ['control', 'data'] as const) {
    for (const name of Object.keys(decisions[plane])) {
      if (!served.has(`${plane}:${name}`)) problems.push(`${plane} ${name}: decided but not in the model fixture`);
    }
  }
  return problems;
}

/** The member name a covering test must mention: the last part of its path. */
export function leafName(path: string): string {
  return path.split('.').at(-1)!.replace(/\[\]$/, '');
}

/**
 * The source of the named test (from its `it('title'` to the next test), or undefined when the
 * file has no test of that title.
 */
export function testSource(source: string, title: string): string | undefined {
  const quoted = [`'${title.replace(/'/g, "\\'")}'`, `"${title}"`, `\`${title}\``];
  const start = Math.min(...quoted.map((q) => source.indexOf(`it(${q}`)).filter((i) => i !== -1));
  if (!Number.isFinite(start)) return undefined;
  const next = source.indexOf('\n  it(', start + 1);
  return source.slice(start, next === -1 ? undefined : next);
}

export function describeCoveringTest(covering: CoveringTest): string {
  return `${covering.file} › ${covering.test}`;
}

/** Paths of the output members a JSON response has (list elements as `[]`, maps not descended). */
export function responsePaths(value: unknown, model: ReadonlySet<string>, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((element) => responsePaths(element, model, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [];
  const paths: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    paths.push(path);
    // A map member (statusDetails, detailsMap) holds data keys, not members.
    const isMap = ![...model].some((member) => member.startsWith(`${path}.`) || member.startsWith(`${path}[].`));
    if (!isMap) paths.push(...responsePaths(inner, model, path));
  }
  return paths;
}

/** A value of the member's type, to send a refused member with. */
export function sampleValue(type: string): unknown {
  switch (type) {
    case 'structure':
    case 'map':
      return {};
    case 'list':
      return [];
    case 'boolean':
      return true;
    case 'integer':
    case 'long':
    case 'double':
      return 1;
    default:
      return 'sample';
  }
}
