/** `npm run test:mail`: DKIM against implementations we did not write, dkimpy (Debian's
 *  python3-dkim) verifying the service's signatures and rspamd (Debian's rspamd) signing through
 *  its Vault route; apart from `npm test` because they need those packages. ESM as the main
 *  config, with the same real PostgreSQL. */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/test/mail/**/*.mail-spec.ts'],
  moduleNameMapper: {
    '^#([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 300000,
};
