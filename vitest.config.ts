import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // PGlite takes ~3 s to boot: one instance per file, shared by its tests.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
