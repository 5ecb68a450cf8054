/**
 * The fault suite (`npm run test:faults`): the root configuration, but only test/faults/, one file
 * at a time, on a build of the service of its own (see global-setup.js). Each scenario starts
 * service processes and PostgreSQL load that take both cores of a small machine, and measures time
 * bounds; a second file running beside it would distort them.
 */
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/faults/global-setup.js',
  testTimeout: 120_000,
};
