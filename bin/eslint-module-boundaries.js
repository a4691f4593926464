/**
 * ESLint rule `sdf/import-through-index`: a file may import another module (a top-level folder with an
 * `index.ts`) only through that `index.ts` — static imports, re-exports and dynamic `import()` alike, tests and
 * benchmarks included. The direction of dependencies between modules is checked by `test/architecture.test.ts`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const isModuleDir = (root, name) => name !== '' && !name.startsWith('.') && existsSync(join(root, name, 'index.ts'));

/** @type {import('eslint').Rule.RuleModule} */
export const importThroughIndex = {
  meta: {
    type: 'problem',
    docs: { description: 'import another module only through its index.ts' },
    schema: [],
    messages: { deep: "'{{source}}' reaches inside module '{{module}}': import '{{module}}/index.ts' instead" },
  },
  create(context) {
    const root = context.cwd;
    const own = relative(root, context.filename).split(sep)[0];
    const check = (node) => {
      const source = node?.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.'))
        return;
      const target = relative(root, resolve(dirname(context.filename), source.value));
      const [module] = target.split(sep);
      if (module === own || !isModuleDir(root, module) || target === join(module, 'index.ts')) return;
      context.report({ node: source, messageId: 'deep', data: { source: source.value, module } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
