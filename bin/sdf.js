#!/usr/bin/env node
// Runs the CLI compiled in dist/ (bin/build.js, run by `npm install`) when it was built from the sources as they
// are now; otherwise (no build, a source edited since, SDF_DEV=1, or under vitest) the TypeScript sources with tsx.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** True when dist/build-stamp.json names every bundled source with its mtime unchanged (a stat per file). */
function distIsCurrent() {
  const stamp = join(ROOT, 'dist', 'build-stamp.json');
  if (!existsSync(stamp)) return false;
  try {
    const { sources } = JSON.parse(readFileSync(stamp, 'utf8'));
    return Object.entries(sources).every(([file, mtimeMs]) => statSync(join(ROOT, file)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

const development = process.env.SDF_DEV === '1' || process.env.VITEST !== undefined;
if (!development && distIsCurrent()) {
  process.setSourceMapsEnabled(true);
  await import('../dist/sdf.js');
} else {
  if (!development && existsSync(join(ROOT, 'dist')) && process.stderr.isTTY) {
    process.stderr.write('sdf: dist/ is older than the sources, running them with tsx (`npm run build` to rebuild)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/sdf.ts');
}
