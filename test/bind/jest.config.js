/** `npm run test:bind`: the tests against a real BIND (named, nsupdate and dig from Debian's bind9
 *  and dnsutils), apart from `npm test` because they need those packages. ESM as the main config,
 *  with the same real PostgreSQL (the whole service runs against BIND in one of them). */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/test/bind/**/*.bind-spec.ts'],
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
