import { DomainError } from '#shared-kernel';
import { assertPublishable } from './record-names.js';
import type { RecordSpec } from './record-profile.js';

const ACCT = '903e1cef84b34500a9a5b2ca219f76f5';
/** The built-in provider's three CNAMEs (their longest host adds 47 characters to the domain). */
const builtinRecordProfile = (_account: string, domain: string, zone: string): RecordSpec[] => [
  { purpose: 'dkim', type: 'CNAME', host: `cm2${ACCT}._domainkey.${domain}`, value: `${ACCT}cm2._domainkey.${zone}.`, required: true },
  { purpose: 'returnPath', type: 'CNAME', host: `cm${ACCT}.${domain}`, value: `${ACCT}.${zone}.`, required: true },
  { purpose: 'dkim', type: 'CNAME', host: `cm1${ACCT}._domainkey.${domain}`, value: `${ACCT}cm1._domainkey.${zone}.`, required: true },
];
const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
/** A syntactically valid name of exactly `length` characters under .com (labels of at most 63). */
const nameOf = (length: number) => {
  let name = 'com';
  while (name.length < length) {
    const room = length - name.length - 1; // what is left after the dot
    name = `${'a'.repeat(room === 64 ? 62 : Math.min(63, room))}.${name}`;
  }
  return name;
};

describe('assertPublishable', () => {
  it('accepts the longest name whose records fit in 253 characters (206 with the built-in profile)', () => {
    const name = nameOf(206);
    expect(name).toHaveLength(206);
    const specs = builtinRecordProfile(ACCOUNT, name, 'email.cmtest.nl');
    expect(Math.max(...specs.map((s) => s.host.length))).toBe(253);
    expect(() => assertPublishable(name, specs)).not.toThrow();
  });

  it.each([207, 208, 209, 230, 253])('refuses a %i-character name and says how long a name may be', (length) => {
    const name = nameOf(length);
    const specs = builtinRecordProfile(ACCOUNT, name, 'email.cmtest.nl');
    expect(() => assertPublishable(name, specs)).toThrow(DomainError);
    try {
      assertPublishable(name, specs);
    } catch (error) {
      expect(error).toMatchObject({ code: 'DOMAIN_INVALID', details: { maxLength: 206 } });
      expect((error as Error).message).toContain(`its dkim record would be published at a name of ${length + 47} characters, over DNS's limit of 253`);
      expect((error as Error).message).toContain('a domain name may be at most 206 characters long');
    }
  });

  it('refuses a record with a label over 63 characters', () => {
    const specs = [{ purpose: 'tracking' as const, type: 'CNAME' as const, host: `${'x'.repeat(64)}.example.com`, value: 'track.example.net.', required: false }];
    expect(() => assertPublishable('example.com', specs)).toThrow(/label "x{64}", 64 characters long, over DNS's limit of 63/);
  });
});
