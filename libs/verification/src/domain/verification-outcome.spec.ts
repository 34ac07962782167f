import { concludeVerification } from './verification-outcome.js';

describe('concludeVerification', () => {
  it.each([
    [['valid', 'valid', 'valid'], 'valid'],
    [['valid', 'missing', 'valid'], 'invalid'],
    [['mismatch', 'valid', 'valid'], 'invalid'],
    [['missing', 'error', 'valid'], 'invalid'],
    [['valid', 'error', 'valid'], 'inconclusive'],
    [['error', 'error', 'error'], 'inconclusive'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(concludeVerification(statuses)).toBe(expected);
  });
});
