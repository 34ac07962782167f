import { DOMAIN, OWNERSHIP, SPF } from '../testing.js';
import { duplicateSpf } from './duplicate-spf.diagnosis.js';

describe('duplicateSpf', () => {
  it('explains two SPF records and names the mechanism to merge in', () => {
    expect(duplicateSpf(SPF, DOMAIN, ['v=spf1 include:_spf.google.com ~all', OWNERSHIP.value, SPF.value])).toBe(
      'There are 2 SPF records (TXT records starting with "v=spf1") at example.com, but only one is allowed: with more, every SPF check fails with a permanent error (RFC 7208 §4.5). Merge them into a single SPF record that includes "include:spf.provider.net".',
    );
  });

  it('counts SPF records case-insensitively and asks for a plain merge when the value has no own mechanisms', () => {
    const bare = { ...SPF, value: 'v=spf1 -all' };
    expect(duplicateSpf(bare, DOMAIN, ['V=SPF1 mx -all', 'v=spf1 a ~all', 'v=spf1 ?all'])).toMatch(
      /^There are 3 SPF records .* Merge them into a single SPF record\.$/,
    );
  });

  it('returns null for a single SPF record, for look-alikes, and for non-SPF expected values', () => {
    expect(duplicateSpf(SPF, DOMAIN, ['v=spf1 include:_spf.google.com ~all', OWNERSHIP.value])).toBeNull();
    expect(duplicateSpf(SPF, DOMAIN, ['v=spf1 -all', 'v=spf10 -all', ' v=spf1 -all'])).toBeNull();
    expect(duplicateSpf(OWNERSHIP, DOMAIN, ['v=spf1 -all', 'v=spf1 mx -all'])).toBeNull();
  });
});
