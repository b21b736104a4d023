import { defineConfig } from 'vitest/config';

// The integration suite runs once per profile. The redis-postgres project needs the machine's
// Redis and PostgreSQL; `.ci/run` starts them, and with CI=true nothing is skipped.
const base = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  globalSetup: ['test/embed-assets.global-setup.ts'],
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...base, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          ...base,
          name: 'embedded',
          include: ['test/integration/**/*.test.ts'],
          env: { MUTT_TEST_PROFILE: 'embedded' },
        },
      },
      {
        test: {
          ...base,
          name: 'redis-postgres',
          include: ['test/integration/**/*.test.ts'],
          env: { MUTT_TEST_PROFILE: 'redis-postgres' },
        },
      },
      {
        test: {
          ...base,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          globalSetup: ['test/embed-assets.global-setup.ts', 'test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
