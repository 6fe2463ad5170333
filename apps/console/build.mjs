// Bundles the browser console into dist/console (served by the service at /console). Run by
// `npm run build` after tsc; type-checking is `tsc -p apps/console/tsconfig.json` in that script.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', '..', 'dist', 'console');
mkdirSync(outdir, { recursive: true });

const result = await build({
  entryPoints: { console: join(here, 'src', 'main.tsx') },
  outdir,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  logLevel: 'warning',
});
copyFileSync(join(here, 'src', 'index.html'), join(outdir, 'index.html'));

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, output]) => `${file.split('/').pop()} ${(output.bytes / 1024).toFixed(0)} KiB`);
console.log(`console bundled: ${sizes.join(', ')}`);
