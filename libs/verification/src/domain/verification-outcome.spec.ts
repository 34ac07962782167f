import { combineWithProvider, concludeVerification } from './verification-outcome.js';

describe('concludeVerification', () => {
  it('is valid only when every required record is valid, invalid on a conclusive failure, else inconclusive', () => {
    expect(concludeVerification(['valid', 'valid'])).toBe('valid');
    expect(concludeVerification(['valid', 'missing'])).toBe('invalid');
    expect(concludeVerification(['mismatch', 'error'])).toBe('invalid');
    expect(concludeVerification(['valid', 'error'])).toBe('inconclusive');
  });
});

describe('combineWithProvider', () => {
  it.each([
    ['valid', 'verified', 'valid'],
    ['valid', 'pending', 'inconclusive'],
    ['valid', 'none', 'inconclusive'],
    ['valid', 'error', 'inconclusive'],
    ['valid', 'failed', 'invalid'],
    ['invalid', 'verified', 'invalid'],
    ['invalid', 'pending', 'invalid'],
    ['inconclusive', 'verified', 'inconclusive'],
    ['inconclusive', 'failed', 'invalid'],
  ] as const)('DNS %s with the provider %s → %s: active only when both agree', (dns, provider, outcome) => {
    expect(combineWithProvider(dns, provider)).toBe(outcome);
  });
});
