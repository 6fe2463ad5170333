import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';

/**
 * Every import of the repository's own code as data: which file imports what, and what that
 * specifier names (a file of ours, a `#alias`, a Node built-in or an npm package). The layer rules
 * (layer-rules.ts) are predicates over these edges.
 */
export interface ImportEdge {
  /** Repository-relative path of the importing file, with `/` separators. */
  from: string;
  line: number;
  specifier: string;
  kind: 'relative' | 'alias' | 'builtin' | 'package';
  /** For `relative` and `alias`: the repository-relative path imported (an alias's index file). */
  target?: string;
  /** For `package` and `builtin`: the package name (`@nestjs/common`, `pg`, `node:crypto`). */
  packageName?: string;
}

/** Top-level folders holding code; `dist` and `node_modules` inside them are skipped. */
const CODE_FOLDERS = ['apps', 'libs', 'bench', 'scripts', 'examples'];
const SKIPPED = new Set(['node_modules', 'dist', '.data', '.kafka', 'target']);
const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

export function codeFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, folder), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = posix.join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(path);
      else if (entry.isFile() && CODE_FILE.test(entry.name)) found.push(path);
    }
  };
  for (const folder of CODE_FOLDERS) walk(folder);
  return found.sort();
}

/** package.json "imports": `#alias` → the repository-relative file its `types` condition names. */
export function aliasTargets(root: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports?: Record<string, unknown> };
  const targets = new Map<string, string>();
  for (const [alias, target] of Object.entries(manifest.imports ?? {})) {
    const path = typeof target === 'string' ? target : (target as { types?: string }).types;
    if (path) targets.set(alias, posix.normalize(path));
  }
  return targets;
}

/** The imports of every code file under `root`, parsed by TypeScript (comments and strings are not imports). */
export function importGraph(root: string): ImportEdge[] {
  const aliases = aliasTargets(root);
  return codeFiles(root).flatMap((file) => importsOf(file, readFileSync(join(root, file), 'utf8'), aliases));
}

export function importsOf(file: string, source: string, aliases: ReadonlyMap<string, string>): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map(({ fileName: specifier, pos }) => {
    const line = source.slice(0, pos).split('\n').length;
    const edge = { from: file, line, specifier };
    if (specifier.startsWith('.')) return { ...edge, kind: 'relative', target: posix.normalize(posix.join(dirname(file), specifier)) };
    if (specifier.startsWith('#')) return { ...edge, kind: 'alias', target: aliases.get(specifier) };
    const name = packageNameOf(specifier);
    if (name.startsWith('node:') || builtinModules.includes(name)) return { ...edge, kind: 'builtin', packageName: name };
    return { ...edge, kind: 'package', packageName: name };
  });
}

/** `@scope/name/deep/path` → `@scope/name`; `name/deep` → `name`; `node:fs/promises` → `node:fs`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The deployable or importable unit a path belongs to: `libs/jobs/http`, `libs/auth`,
 * `apps/jobs-service`, `bench`, `scripts`, `examples`.
 */
export function unitOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'libs' && parts[1] === 'jobs') return parts.slice(0, 3).join('/');
  if (parts[0] === 'libs' || parts[0] === 'apps') return parts.slice(0, 2).join('/');
  return parts[0]!;
}

/** True for files under a `test/` folder of any unit (test code and its helpers). */
export function isTestPath(path: string): boolean {
  return path.split('/').includes('test');
}

/** True for files under a unit's `src/` folder. */
export function isSourcePath(path: string): boolean {
  const rest = path.slice(unitOf(path).length + 1);
  return rest.startsWith('src/');
}
