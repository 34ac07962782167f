import { keysVerdict, servedKey } from './provider-keys.js';

const ours = 'v=DKIM1; k=rsa; p=MIIBIjANBg';
const answers = (...values: string[]) => ({ kind: 'answers' as const, values, chain: [] });

describe('the provider keys a built-in domain relies on', () => {
  it.each([
    ['our key', answers(ours), 'published'],
    ['our key, spaced otherwise', answers('v=DKIM1;k=rsa;p=MIIBIjANBg'), 'published'],
    ['our key beside another record', answers('google-site-verification=x', ours), 'published'],
    ['another key', answers('v=DKIM1; k=rsa; p=MIIBOLD'), 'stale'],
    ['nothing there', { kind: 'missing' as const, reason: 'NXDOMAIN' as const, chain: [] }, 'missing'],
    ['a DNS error', { kind: 'error' as const, code: 'SERVFAIL', message: 'x' }, 'unknown'],
  ])('%s → %s', (_what, lookup, expected) => {
    expect(servedKey(ours, lookup)).toBe(expected);
  });

  it('only the active key being served verifies; the rest waits for the provider, a DNS error says nothing', () => {
    expect(keysVerdict('published')).toEqual({ kind: 'verified' });
    expect(keysVerdict('missing')).toMatchObject({ kind: 'pending', message: expect.stringContaining('not served') });
    expect(keysVerdict('stale')).toMatchObject({ kind: 'pending', message: expect.stringContaining('another DKIM key') });
    expect(keysVerdict('unknown')).toMatchObject({ kind: 'error' });
    expect(keysVerdict(undefined)).toMatchObject({ kind: 'pending' });
  });
});
