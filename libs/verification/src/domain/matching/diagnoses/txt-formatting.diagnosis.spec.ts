import { DMARC, DOMAIN, OWNERSHIP } from '../testing.js';
import { txtCaseDiffers, txtQuoted } from './txt-formatting.diagnosis.js';

describe('txtCaseDiffers', () => {
  it('explains a value that differs only in upper/lower case', () => {
    const found = OWNERSHIP.value.toUpperCase();
    expect(txtCaseDiffers(OWNERSHIP, DOMAIN, ['other', ` ${found}`])).toBe(
      `The TXT record at example.com is "${found}", which differs from the expected value only in upper and lower case. The value is case-sensitive: change it to exactly "${OWNERSHIP.value}".`,
    );
  });

  it('returns null for the exact value or other values', () => {
    expect(txtCaseDiffers(OWNERSHIP, DOMAIN, [OWNERSHIP.value])).toBeNull();
    expect(txtCaseDiffers(OWNERSHIP, DOMAIN, ['something-else'])).toBeNull();
  });
});

describe('txtQuoted', () => {
  it('explains quotation marks that became part of the value', () => {
    for (const found of [`"${DMARC.value}"`, `\\"${DMARC.value}\\"`, `'${DMARC.value}'`, `"${DMARC.value}`]) {
      expect(txtQuoted(DMARC, DOMAIN, [found])).toBe(
        `The TXT record at _dmarc.example.com has quotation marks as part of its value: ${found}. Remove the quotation marks; your DNS provider adds any that are needed itself.`,
      );
    }
  });

  it('returns null for unquoted records and quoted unrelated values', () => {
    expect(txtQuoted(DMARC, DOMAIN, [DMARC.value])).toBeNull();
    expect(txtQuoted(DMARC, DOMAIN, ['"v=DMARC1; p=reject"'])).toBeNull();
  });
});
