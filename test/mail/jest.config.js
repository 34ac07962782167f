/** `npm run test:mail`: DKIM against implementations we did not write, dkimpy (Debian's
 *  python3-dkim) verifying the service's signatures and rspamd (Debian's rspamd) signing through
 *  its Vault route; apart from `npm test` because they need those packages. The main config (ESM,
 *  the same real PostgreSQL) with its own tests and a longer timeout. */
import base from '../../jest.config.js';

export default { ...base, rootDir: '../..', testMatch: ['<rootDir>/test/mail/**/*.mail-spec.ts'], testTimeout: 300000 };
