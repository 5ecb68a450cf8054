/**
 * Jest runs the TypeScript sources as native ES modules (see `npm test`). Unit specs sit beside
 * the code in src/; tests that need the database are in test/ and get a database per file.
 */
/** Whether Jest's CommonJS loader can require() an ES module itself: on Node 24.9 and later. */
function jestRequiresEsm() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 9);
}

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // @fastify/static (the Swagger UI's files) require()s content-disposition, which is ESM only.
    // On Node 24.9 and later Jest loads it as it is (require of an ES module); on older lines its
    // CommonJS loader needs it compiled.
    ...(jestRequiresEsm()
      ? {}
      : {
          '/node_modules/content-disposition/.+\\.js$': [
            'ts-jest',
            {
              useESM: false,
              tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false },
            },
          ],
        }),
  },
  transformIgnorePatterns: ['/node_modules/(?!(@fastify/static/node_modules/)?content-disposition/)'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
