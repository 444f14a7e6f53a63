import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './scripts/postgres-cluster.ts';

// The API suites run a second time on PostgreSQL when there is one (a server named by TEST_DATABASE_URL, or
// Debian's package to start a throwaway cluster). Without it they say so; in CI that is a failure.
const postgresAvailable = Boolean(process.env.TEST_DATABASE_URL || findPostgresBin());
if (!postgresAvailable) {
  const message = 'PostgreSQL suites NOT RUN: no PostgreSQL (install Debian\'s postgresql package or set TEST_DATABASE_URL)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** ${message}\n`);
}

const appSuites = {
  environment: 'node' as const,
  fileParallelism: false,
  testTimeout: 60_000,
  hookTimeout: 180_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/postgres.ts'],
        },
      },
      {
        // Against the real built site, served by the real app; browser tests drive Debian's Chromium.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/api/**/*.test.ts'],
          globalSetup: ['tests/setup/postgres.ts', 'tests/setup/build-site.ts'],
          ...appSuites,
        },
      },
      ...(postgresAvailable ? [{
        // The same API suites with the app on PostgreSQL (startTestApp reads TEST_ENGINE).
        test: {
          name: 'e2e-postgres',
          include: ['tests/api/**/*.test.ts'],
          globalSetup: ['tests/setup/postgres.ts', 'tests/setup/build-site.ts'],
          env: { TEST_ENGINE: 'postgres' },
          ...appSuites,
        },
      }] : []),
    ],
  },
});
