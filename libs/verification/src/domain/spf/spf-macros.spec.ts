import { parseClientAddress } from './client-address.js';
import { expandDomainSpec, expandExplanation, type MacroValues } from './spf-macros.js';

function values(ip: string, overrides: Partial<MacroValues> = {}): MacroValues {
  return {
    sender: 'strong-bad@email.example.com',
    localPart: 'strong-bad',
    senderDomain: 'email.example.com',
    domain: 'email.example.com',
    client: parseClientAddress(ip)!,
    helo: 'mx.example.org',
    receiver: 'receiver.example.net',
    timestamp: 1_700_000_000,
    validatedName: async () => 'mx.example.org',
    ...overrides,
  };
}

describe('macro expansion: the examples of RFC 7208 §7.4', () => {
  it.each([
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
    ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
    ['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
    ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
    ['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
    ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
  ])('%s → %s', async (spec, expected) => {
    expect(await expandDomainSpec(spec, values('192.0.2.3'))).toBe(expected);
  });

  it('IPv6: %{i} is the nibbles (the RFC writes them in small letters; DNS does not mind the case)', async () => {
    const expanded = await expandDomainSpec('%{ir}.%{v}._spf.%{d2}', values('2001:db8::cb01'));
    expect(expanded.toLowerCase()).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com');
  });

  it('URL-escapes upper-case macros, keeps only unreserved characters', async () => {
    expect(await expandDomainSpec('%{L}.example.com', values('192.0.2.3', { localPart: '~jack&jill=up-a_b3.c' }))).toBe('~jack%26jill%3Dup-a_b3.c.example.com');
    expect(await expandDomainSpec('%{H}.bar', values('192.0.2.3', { helo: "JUMPIN' JUPITER" }))).toBe('JUMPIN%27%20JUPITER.bar');
  });

  it('%{p}, the escapes, a trailing dot dropped and an over-long name cut from the left, label by label', async () => {
    expect(await expandDomainSpec('%{p2}.trusted.example.net.', values('192.0.2.3'))).toBe('example.org.trusted.example.net');
    expect(await expandDomainSpec('macro%%percent%_%_space%-url-space.example.com', values('192.0.2.3'))).toBe('macro%percent  space%20url-space.example.com');
    const long = await expandDomainSpec('foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com', values('192.0.2.3'));
    const full = `foobar.${'email.example.com.'.repeat(14)}example.com`;
    expect(full.length).toBeGreaterThan(253);
    expect(long.length).toBeLessThanOrEqual(253);
    expect(long.length).toBeGreaterThan(253 - 'example.'.length);
    expect(full.endsWith(`.${long}`)).toBe(true);
  });

  it('explanations: c, r and t, spaces kept, the trailing dot kept', async () => {
    expect(await expandExplanation('%{c} is not one of %{d}\'s servers (%{r}, %{t}).', values('2001:DB8::CB01'))).toEqual({
      ok: true,
      text: "2001:db8::cb01 is not one of email.example.com's servers (receiver.example.net, 1700000000).",
    });
    expect(await expandExplanation('The %{x}-files.', values('192.0.2.3'))).toMatchObject({ ok: false });
  });
});
