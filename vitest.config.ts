import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/.build holds installed packages (the install test's npm prefix): their own tests are not ours.
    exclude: [...configDefaults.exclude, 'test/.build/**'],
    globalSetup: ['test/global-setup.ts'],
    // Tests spawn real `mcp-host run` processes that start wasm instances.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
