import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // generous: the suite runs on a 2-core machine that may be busy (several CPU-heavy
    // property and PDF tests take 30 s alone under load); a hung test is still caught
    testTimeout: 120000,
    hookTimeout: 180000,
  },
});
