import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.sdf/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // every API answer is checked against its declared schema while the tests run (see enclave-api/http/response-contract.ts)
    env: { SDF_CHECK_RESPONSES: '1' },
  },
});
