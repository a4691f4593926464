/** The lint rule `sdf/import-through-index` (bin/eslint-module-boundaries.js), run on code it must refuse and accept. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
// @ts-expect-error a plain-JavaScript ESLint rule without type declarations
import { importThroughIndex } from '../bin/eslint-module-boundaries.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});
const inModule = (path: string) => join(ROOT, path);

tester.run('sdf/import-through-index', importThroughIndex, {
  valid: [
    { code: "import { logger } from '../../platform/index.ts';", filename: inModule('enclave-api/routes/x.ts') },
    { code: "import { x } from './deps.ts';", filename: inModule('enclave-api/http/x.ts') },
    { code: "import { x } from '../http/deps.ts';", filename: inModule('enclave-api/routes/x.ts') },
    { code: "import pg from 'pg';", filename: inModule('platform/x.ts') },
    { code: "const m = await import('../cli/index.ts');", filename: inModule('test/x.ts') },
  ],
  invalid: [
    {
      code: "import { logger } from '../../platform/logger.ts';",
      filename: inModule('enclave-api/routes/x.ts'),
      errors: [{ messageId: 'deep' }],
    },
    {
      code: "export { checkCell } from '../output-checks/rules.ts';",
      filename: inModule('test/x.ts'),
      errors: [{ messageId: 'deep' }],
    },
    { code: "export * from '../catalog/types.ts';", filename: inModule('bench/x.ts'), errors: [{ messageId: 'deep' }] },
    {
      code: "const m = await import('../../web/server/router.ts');",
      filename: inModule('cli/actions/x.ts'),
      errors: [{ messageId: 'deep' }],
    },
    {
      code: "import type { Settings } from '../platform/settings.ts';",
      filename: inModule('pipelines/x.ts'),
      errors: [{ messageId: 'deep' }],
    },
  ],
});
