/**
 * Jest runs in CommonJS mode: Nest 12 is ESM-only but some of its peers `require` it, and Jest's ESM
 * mode cannot load that mix (docs/stack.md). @swc/jest transpiles everything, node_modules included.
 */
const swc = ['@swc/jest', { ...require('./.swcrc.json'), swcrc: false }];

const common = {
  transform: { '^.+\\.(t|j|mj|cj)sx?$': swc },
  // Except axe-core: a script for browsers that finds its `window` through a sloppy-mode `this`,
  // which transpiling would make undefined.
  transformIgnorePatterns: ['/node_modules/axe-core/'],
  resolver: '<rootDir>/test/support/resolver.cjs',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // Node, plus failure tracking: a failed test file keeps its database (test/support/database.ts).
  testEnvironment: '<rootDir>/test/support/test-environment.cjs',
  // Workspace packages resolve to their TypeScript sources (packages/worker/package.json).
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', '@stepgraph/source'] },
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  coverageProvider: 'v8',
  // Most integration and e2e files spend their time waiting on PostgreSQL, child processes and
  // timers, not on a core: three files at a time on two cores. Each file has its own database and
  // its own Redis logical database per worker (test/support), so files running side by side do not
  // meet (docs/testing.md).
  maxWorkers: 3,
  // Integration and e2e tests boot services and databases: with three files sharing two cores that
  // takes far more than Jest's default 5 s. A deadline, not a budget; a file that needs longer says
  // so itself (jest.setTimeout).
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/asl/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'],
    },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/packages/worker/test/**/*.test.ts'],
    },
  ],
};
