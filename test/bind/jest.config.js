/** `npm run test:bind`: the tests against a real BIND (named, nsupdate and dig from Debian's bind9
 *  and dnsutils), apart from `npm test` because they need those packages. The main config (ESM,
 *  the same real PostgreSQL) with its own tests and a longer timeout. */
import base from '../../jest.config.js';

export default { ...base, rootDir: '../..', testMatch: ['<rootDir>/test/bind/**/*.bind-spec.ts'], testTimeout: 300000 };
