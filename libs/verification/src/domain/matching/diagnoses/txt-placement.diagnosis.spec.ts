import type { ExpectedRecord } from '../record-check.js';
import { answers, context, probe } from '../testing.js';
import { txtAtApex, txtSplitWrongly } from './txt-placement.diagnosis.js';

const TOKEN: ExpectedRecord = { purpose: 'ownership', host: '_sds-verification.example.com', type: 'TXT', value: 'sds-verification=abc123' };

describe('txtAtApex', () => {
  it('names a record published at the domain itself', () => {
    expect(txtAtApex(context(TOKEN, answers(), [probe('apex', 'example.com', 'TXT', answers('sds-verification=abc123'))]))).toBe(
      'The TXT record was published at example.com itself instead of _sds-verification.example.com. Move it to the name "_sds-verification" (your DNS host adds "example.com").',
    );
    expect(txtAtApex(context(TOKEN, answers(), [probe('apex', 'example.com', 'TXT', answers('v=spf1 -all'))]))).toBeNull();
  });
});

describe('txtSplitWrongly', () => {
  const SPF: ExpectedRecord = { purpose: 'ownership', host: 'example.com', type: 'TXT', value: 'v=spf1 include:_spf.email.cmtest.nl ~all' };
  it('names a space lost where the strings join, and one added', () => {
    const lost = { kind: 'answers' as const, values: ['v=spf1 include:_spf.email.cmtest.nl~all'], chain: [], chunks: [['v=spf1 include:_spf.email.cmtest.nl', '~all']] };
    expect(txtSplitWrongly(context(SPF, lost))).toMatch(/split into 2 strings, and DNS joins them with nothing in between, so the space where they join is lost/);
    const fine = { kind: 'answers' as const, values: ['v=spf1 include:_spf.email.cmtest.nl ~all'], chain: [], chunks: [['v=spf1 include:_spf.email.cmtest.nl ', '~all']] };
    expect(txtSplitWrongly(context(SPF, fine))).toBeNull();
  });
});
