import { isSpfRecord, normalizeTxt, txtRecordContains } from './txt-values.js';

const TOKEN = 'cm-verification=903e1cef84b34500a9a5b2ca219f76f5';

describe('normalizeTxt', () => {
  it('trims and collapses whitespace runs into one space', () => {
    expect(normalizeTxt('  v=spf1\t include:spf.provider.net   ~all \n')).toBe('v=spf1 include:spf.provider.net ~all');
  });
});

describe('txtRecordContains', () => {
  it('matches the exact value', () => {
    expect(txtRecordContains(TOKEN, TOKEN)).toBe(true);
  });

  it('ignores surrounding whitespace on both sides and the amount of inner whitespace', () => {
    expect(txtRecordContains(`  ${TOKEN} `, TOKEN)).toBe(true);
    expect(txtRecordContains(TOKEN, ` ${TOKEN}\t`)).toBe(true);
    expect(txtRecordContains('v=spf1  include:spf.provider.net\t~all', 'v=spf1 include:spf.provider.net ~all')).toBe(true);
  });

  it('is case-sensitive', () => {
    expect(txtRecordContains(TOKEN.toUpperCase(), TOKEN)).toBe(false);
    expect(txtRecordContains('V=spf1 include:spf.provider.net ~all', 'v=spf1 include:spf.provider.net ~all')).toBe(false);
  });

  it('matches the value embedded in a longer record as a whole unit (space- or semicolon-delimited)', () => {
    expect(txtRecordContains(`other-token=abc ${TOKEN}`, TOKEN)).toBe(true);
    expect(txtRecordContains(`${TOKEN} other-token=abc`, TOKEN)).toBe(true);
    expect(txtRecordContains(`a=1; ${TOKEN}; b=2`, TOKEN)).toBe(true);
    expect(txtRecordContains('v=DMARC1; p=none; rua=mailto:d@example.com', 'v=DMARC1; p=none')).toBe(true);
  });

  it('does not match the value as part of a longer word (an extra character is a typo)', () => {
    expect(txtRecordContains(`${TOKEN}0`, TOKEN)).toBe(false);
    expect(txtRecordContains(`x${TOKEN}`, TOKEN)).toBe(false);
    expect(txtRecordContains(`"${TOKEN}"`, TOKEN)).toBe(false);
    expect(txtRecordContains(`x${TOKEN}0 ${TOKEN}`, TOKEN)).toBe(true); // a later whole occurrence counts
  });

  it('never matches an empty expected value, and not an empty record', () => {
    expect(txtRecordContains(TOKEN, '  ')).toBe(false);
    expect(txtRecordContains('', TOKEN)).toBe(false);
  });
});

describe('isSpfRecord', () => {
  it('recognises the v=spf1 version section, ended by a space or the end (RFC 7208 §4.5)', () => {
    expect(isSpfRecord('v=spf1 include:spf.provider.net ~all')).toBe(true);
    expect(isSpfRecord('v=spf1')).toBe(true);
    expect(isSpfRecord('V=SPF1 -all')).toBe(true);
    expect(isSpfRecord('v=spf10 -all')).toBe(false);
    expect(isSpfRecord('google-site-verification=abc')).toBe(false);
  });
});
