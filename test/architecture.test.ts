/**
 * The module rules, checked on the source text (the lint rule of the architecture): another module is imported only
 * through its `index.ts` (tests and benches included), and module dependencies follow `LAYERS` — one way, no cycle.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each module and the modules it may import (directly or through type imports). */
const LAYERS = {
  platform: [],
  sources: ['platform'],
  anonymisation: ['platform'],
  catalog: ['platform'],
  'output-checks': ['platform', 'catalog'],
  pipelines: ['platform', 'sources', 'anonymisation', 'catalog'],
  'enclave-api': ['platform', 'anonymisation', 'catalog', 'output-checks', 'pipelines'],
  // The UI sits on the enclave: it reads the API contract's types and signs in through the enclave's functions.
  web: ['platform', 'enclave-api'],
  // `cli` mounts the UI into the enclave app (serve, demo).
  cli: ['platform', 'sources', 'anonymisation', 'catalog', 'output-checks', 'pipelines', 'enclave-api', 'web'],
} as const satisfies Record<string, readonly string[]>;

type Module = keyof typeof LAYERS;
const MODULES = Object.keys(LAYERS) as Module[];
const isModule = (name: string): name is Module => name in LAYERS;
const SKIPPED = new Set(['node_modules', 'dist', 'static', '.sdf']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIPPED.has(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file: static, side-effect only, re-exports and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'";]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g,
    ),
  ]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
    .map((spec) => relative(ROOT, resolve(dirname(file), spec)));
}

const moduleOf = (path: string) => path.split(sep)[0]!;

/**
 * The imports of `text` (a file in `dir`) that reach outside `root` and are not `import type`: in the browser code
 * such an import would pull server code into the bundle. (`import { type X }` is kept by esbuild, so it counts.)
 */
function runtimeImportsOutside(text: string, dir: string, root: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?[^'";]*?from\s+['"](\.[^'"]+)['"]/g)]
    .filter((m) => !m[2])
    .map((m) => resolve(dir, m[3]!))
    .filter((target) => !target.startsWith(root + sep))
    .map((target) => relative(ROOT, target));
}
const FILES = [...MODULES, 'test', 'bench'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

describe('module boundaries', () => {
  it('reads the source tree', () => {
    expect(FILES.length).toBeGreaterThan(200);
  });

  it('imports another module only through its index.ts', () => {
    const deep = FILES.flatMap((file) => {
      const own = moduleOf(relative(ROOT, file));
      return importsOf(file)
        .filter(
          (target) =>
            isModule(moduleOf(target)) && moduleOf(target) !== own && target !== join(moduleOf(target), 'index.ts'),
        )
        .map((target) => `${relative(ROOT, file)} imports ${target}`);
    });
    expect(deep).toEqual([]);
  });

  it('lets dependencies point one way, as LAYERS declares', () => {
    const unexpected = FILES.filter((file) => !file.endsWith('.test.ts')).flatMap((file) => {
      const own = moduleOf(relative(ROOT, file));
      if (!isModule(own)) return [];
      const allowed: readonly string[] = LAYERS[own];
      return importsOf(file)
        .map(moduleOf)
        .filter((target) => isModule(target) && target !== own && !allowed.includes(target))
        .map((target) => `${relative(ROOT, file)}: ${own} → ${target}`);
    });
    expect(unexpected).toEqual([]);
  });

  it('keeps the UI above the enclave and the command line above the UI', () => {
    // The enclave app takes the UI as options from `cli/`; were enclave-api to import web, the one-way test fails.
    expect(LAYERS['enclave-api']).not.toContain('web');
    expect(LAYERS.web).toContain('enclave-api');
    expect(LAYERS.cli).toContain('web');
  });

  it('lets the browser code import other modules and the server for types only (erased from the bundle)', () => {
    const clientFiles = FILES.filter(
      (file) => relative(ROOT, file).startsWith(join('web', 'client') + sep) && !file.endsWith('.test.ts'),
    );
    expect(clientFiles.length).toBeGreaterThan(10);
    const runtime = clientFiles.flatMap((file) =>
      runtimeImportsOutside(readFileSync(file, 'utf8'), dirname(file), join(ROOT, 'web', 'client')).map(
        (target) => `${relative(ROOT, file)} imports ${target}`,
      ),
    );
    expect(runtime).toEqual([]);
  });

  it('finds a value import from outside the browser code, and lets a type import pass', () => {
    const dir = join(ROOT, 'web', 'client', 'pages');
    const text = [
      "import type { ApiProject } from '../../../enclave-api/index.ts';",
      "import { api } from '../api.ts';",
      "import { ROLES } from '../../../enclave-api/index.ts';",
      "import { type UiPeople } from '../../server/ui-contract.ts';",
    ].join('\n');
    expect(runtimeImportsOutside(text, dir, join(ROOT, 'web', 'client'))).toEqual([
      join('enclave-api', 'index.ts'),
      join('web', 'server', 'ui-contract.ts'),
    ]);
  });

  it('declares no cycle', () => {
    const visiting = new Set<Module>();
    const done = new Set<Module>();
    const cycleFrom = (module: Module): boolean => {
      if (done.has(module)) return false;
      if (visiting.has(module)) return true;
      visiting.add(module);
      const cyclic = (LAYERS[module] as readonly Module[]).some(cycleFrom);
      visiting.delete(module);
      done.add(module);
      return cyclic;
    };
    expect(MODULES.filter(cycleFrom)).toEqual([]);
  });
});

/*
 * Each module's `index.ts` is its public face and nothing more: every name it exports is imported by another
 * module, a test in `test/` or a benchmark. A module's own files (and the unit tests beside them) import the file
 * that declares a name. Wildcard type re-exports (`export type * from './types.ts'`) are the declared exception.
 */
const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

/** Names a file takes from each relative specifier: named imports, re-exports, and `(await import(x)).name` or `{ a } = await import(x)`. */
function namesImported(file: string): { target: string; names: string[] }[] {
  const found: { target: string; names: string[] }[] = [];
  const add = (spec: string, names: string[]) =>
    spec.startsWith('.') && found.push({ target: relative(ROOT, resolve(dirname(file), spec)), names });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      add(
        node.moduleSpecifier.text,
        bindings && ts.isNamedImports(bindings)
          ? bindings.elements.map((e) => (e.propertyName ?? e.name).text)
          : bindings
            ? ['*']
            : [],
      );
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      add(
        node.moduleSpecifier.text,
        clause && ts.isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : ['*'],
      );
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      let parent: ts.Node = node.parent;
      while (
        !ts.isVariableDeclaration(parent) &&
        !ts.isPropertyAccessExpression(parent) &&
        !ts.isBlock(parent) &&
        !ts.isSourceFile(parent)
      )
        parent = parent.parent;
      const names =
        ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)
          ? parent.name.elements.map((e) => (e.propertyName ?? e.name).getText())
          : ts.isPropertyAccessExpression(parent)
            ? [parent.name.text]
            : ['*'];
      add(node.arguments[0].text, names);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found;
}

/** The names `index.ts` re-exports by name. */
function namedExports(indexFile: string): string[] {
  return parse(indexFile).statements.flatMap((statement) => {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      return statement.exportClause.elements.map((e) => e.name.text);
    }
    const exported =
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return [];
    if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((d) => d.name.getText());
    const name = (statement as ts.DeclarationStatement).name;
    return name && ts.isIdentifier(name) ? [name.text] : [];
  });
}

const usedFromOutside = new Map(MODULES.map((module) => [module as string, new Set<string>()]));
for (const file of FILES) {
  const own = relative(ROOT, file).split(sep)[0];
  for (const { target, names } of namesImported(file)) {
    const module = target.split(sep)[0]!;
    if (module !== own && target === join(module, 'index.ts'))
      names.forEach((name) => usedFromOutside.get(module)?.add(name));
  }
}

describe('module public faces', () => {
  it.each(MODULES)('%s/index.ts exports only what other modules, tests or benchmarks import', (module) => {
    const used = usedFromOutside.get(module)!;
    expect(used.has('*'), `a namespace import of ${module}/index.ts hides which names are used`).toBe(false);
    expect(namedExports(join(ROOT, module, 'index.ts')).filter((name) => !used.has(name))).toEqual([]);
  });

  it('sees the names the command line takes from a dynamic import', () => {
    expect(usedFromOutside.get('platform')?.has('logger')).toBe(true);
  });
});
