import { DnsResolverPort, type DnsLookupResult, type DnsQueryType } from './dns-resolver.port.js';
import { RunScopedDnsCache } from './run-scoped-dns-cache.js';

/** In-memory port: answers from a table (keyed `TYPE name`), counts calls, can hold answers back. */
class FakeDnsResolver extends DnsResolverPort {
  readonly calls: string[] = [];
  private readonly pending: Array<() => void> = [];
  held = false;

  constructor(private readonly table: Record<string, DnsLookupResult>) {
    super();
  }

  async lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult> {
    this.calls.push(`${type} ${name}`);
    if (this.held) await new Promise<void>((resolve) => this.pending.push(resolve));
    return this.table[`${type} ${name.toLowerCase()}`] ?? { kind: 'missing', reason: 'NXDOMAIN', chain: [] };
  }

  release(): void {
    this.pending.splice(0).forEach((resolve) => resolve());
  }
}

const spf: DnsLookupResult = { kind: 'answers', values: ['v=spf1 include:_spf.example.net ~all'], chain: [] };
const servfail: DnsLookupResult = { kind: 'error', code: 'SERVFAIL', message: 'queryTxt ESERVFAIL broken.example.com' };

describe('RunScopedDnsCache', () => {
  it('asks the wrapped port once per name and type', async () => {
    const inner = new FakeDnsResolver({ 'TXT example.com': spf });
    const cache = new RunScopedDnsCache(inner);

    expect(await cache.lookup('example.com', 'TXT')).toEqual(spf);
    expect(await cache.lookup('example.com', 'TXT')).toEqual(spf);
    expect(inner.calls).toEqual(['TXT example.com']);
  });

  it('keys names case-insensitively, ignoring a trailing dot', async () => {
    const inner = new FakeDnsResolver({ 'TXT example.com': spf });
    const cache = new RunScopedDnsCache(inner);

    await cache.lookup('Example.COM', 'TXT');
    expect(await cache.lookup('example.com.', 'TXT')).toEqual(spf);
    expect(inner.calls).toEqual(['TXT Example.COM']);
  });

  it('keeps types apart', async () => {
    const inner = new FakeDnsResolver({ 'TXT example.com': spf });
    const cache = new RunScopedDnsCache(inner);

    await cache.lookup('example.com', 'TXT');
    expect(await cache.lookup('example.com', 'MX')).toEqual({ kind: 'missing', reason: 'NXDOMAIN', chain: [] });
    expect(inner.calls).toEqual(['TXT example.com', 'MX example.com']);
  });

  it('caches missing and error results for the run', async () => {
    const inner = new FakeDnsResolver({ 'TXT broken.example.com': servfail });
    const cache = new RunScopedDnsCache(inner);

    await cache.lookup('broken.example.com', 'TXT');
    await cache.lookup('gone.example.com', 'CNAME');
    expect(await cache.lookup('broken.example.com', 'TXT')).toEqual(servfail);
    expect(await cache.lookup('gone.example.com', 'CNAME')).toEqual({ kind: 'missing', reason: 'NXDOMAIN', chain: [] });
    expect(inner.calls).toEqual(['TXT broken.example.com', 'CNAME gone.example.com']);
  });

  it('shares one in-flight lookup between concurrent identical lookups', async () => {
    const inner = new FakeDnsResolver({ 'TXT example.com': spf });
    inner.held = true;
    const cache = new RunScopedDnsCache(inner);

    const lookups = [cache.lookup('example.com', 'TXT'), cache.lookup('EXAMPLE.com', 'TXT'), cache.lookup('example.com', 'MX')];
    expect(inner.calls).toEqual(['TXT example.com', 'MX example.com']);
    inner.release();
    expect(await Promise.all(lookups)).toEqual([spf, spf, { kind: 'missing', reason: 'NXDOMAIN', chain: [] }]);
    expect(inner.calls).toHaveLength(2);
  });

  it('caches nothing across instances: a new run asks again', async () => {
    const inner = new FakeDnsResolver({ 'TXT example.com': spf });

    await new RunScopedDnsCache(inner).lookup('example.com', 'TXT');
    await new RunScopedDnsCache(inner).lookup('example.com', 'TXT');
    expect(inner.calls).toEqual(['TXT example.com', 'TXT example.com']);
  });
});
