import { ACCOUNT_HEX, DKIM, DKIM_HOST, DKIM_TARGET, DOMAIN } from '../testing.js';
import { cnameValueMissingZone } from './value-missing-zone.diagnosis.js';

const diagnose = (...found: string[]) => cnameValueMissingZone(DKIM, DOMAIN, found);

describe('cnameValueMissingZone', () => {
  it('explains a target cut short before its zone', () => {
    expect(diagnose(`${ACCOUNT_HEX}cm2._domainkey`)).toBe(
      `The CNAME at ${DKIM_HOST} points to ${ACCOUNT_HEX}cm2._domainkey, which is missing the end of the value (".email.cmtest.nl"). Change the value to the full name "${DKIM.value}".`,
    );
    expect(diagnose(`${ACCOUNT_HEX.toUpperCase()}CM2._domainkey.email`)).toMatch(/missing the end of the value \("\.cmtest\.nl"\)/);
  });

  it('explains the customer domain appended because the final dot was left out', () => {
    expect(diagnose(`${DKIM_TARGET}.example.com`)).toBe(
      `The CNAME at ${DKIM_HOST} points to ${DKIM_TARGET}.example.com: your DNS provider added "example.com" to the end of the value because it did not end with a dot. Change the value to "${DKIM.value}", including the final dot.`,
    );
  });

  it('explains a target both cut short and with the domain appended', () => {
    expect(diagnose(`${ACCOUNT_HEX}cm2._domainkey.example.com`)).toBe(
      `The CNAME at ${DKIM_HOST} points to ${ACCOUNT_HEX}cm2._domainkey.example.com: the value is incomplete, and your DNS provider added "example.com" to it. Change the value to the full name "${DKIM.value}", including the final dot.`,
    );
  });

  it('returns null for the right target, unrelated targets and targets that only share a suffix', () => {
    expect(diagnose(DKIM_TARGET)).toBeNull();
    expect(diagnose('dkim.other-provider.net')).toBeNull();
    expect(diagnose('example.com')).toBeNull();
    expect(diagnose('_domainkey.email.cmtest.nl')).toBeNull();
    expect(diagnose(`${ACCOUNT_HEX}cm3._domainkey`)).toBeNull();
  });

  it('does not treat the domain as appended when the expected target is inside the customer domain', () => {
    const own = { ...DKIM, value: 'dkim.mail.example.com.' };
    expect(cnameValueMissingZone(own, DOMAIN, ['dkim.mail.example.com.example.com'])).toBeNull();
  });
});
