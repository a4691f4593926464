// Lint: the module rule (another module only through its index.ts) and the dependency bans README explains.
import tseslint from 'typescript-eslint';
import { importThroughIndex } from './bin/eslint-module-boundaries.js';

export default tseslint.config(
  // bin/ holds the launchers, which import single files on purpose to start fast; they are not a module.
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.sdf/**', 'web/static/**', 'bin/**'] },
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    // typescript-eslint's rules are registered (not enabled) so that directives naming them resolve.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { sdf: { rules: { 'import-through-index': importThroughIndex } }, '@typescript-eslint': tseslint.plugin },
    rules: {
      'sdf/import-through-index': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'duckdb', message: 'use @duckdb/node-api (the duckdb package is deprecated)' },
            { name: 'parquetjs-lite', message: 'write Parquet with DuckDB COPY … (FORMAT parquet)' },
          ],
        },
      ],
    },
  },
);
