import { TestDnsServer } from '../../../../test/support/dns-server.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { parseDnsServers } from './dns-servers.js';
import { WireDnsResolver } from './wire-dns-resolver.adapter.js';

const SOA = { mname: 'ns1.dns-host.net', rname: 'hostmaster.example.com', minimum: 300 };
const answers = (...values: string[]) => ({ kind: 'answers', values, chain: [] });

/** Integration tests: the wire-format resolver against a real DNS server on loopback, UDP and TCP. */
describe('WireDnsResolver', () => {
  let server: TestDnsServer;
  let resolver: WireDnsResolver;

  beforeAll(async () => {
    server = await TestDnsServer.start();
    resolver = new WireDnsResolver({ servers: [server.address], timeoutMs: 1000, tries: 1 });
  });

  afterEach(() => {
    server.clear();
    server.resetQueries();
  });

  afterAll(async () => {
    resolver.close();
    await server.stop();
  });

  describe('answers', () => {
    it('returns a CNAME target without its trailing dot, case as served', async () => {
      server.set('em123.example.com', 'CNAME', 'U123.WL.SendGrid.NET.');
      expect(await resolver.lookup('EM123.Example.COM', 'CNAME')).toMatchObject(answers('U123.WL.SendGrid.NET'));
    });

    it('keeps a stray space in a name as served: nothing is trimmed', async () => {
      server.set('em123.example.com', 'CNAME', 'u123.wl.sendgrid.net ');
      expect(await resolver.lookup('em123.example.com', 'CNAME')).toMatchObject(answers('u123.wl.sendgrid.net '));
    });

    it('joins the character-strings of one TXT record with nothing in between (RFC 7208 §3.3), one value per record', async () => {
      server.set('s1._domainkey.example.com', 'TXT', ['v=DKIM1; k=rsa; p=MIIBIjANBgkq', 'hkiG9w0BAQEFAAOCAQ8AMIIBCgKC'], 'other');
      expect(await resolver.lookup('s1._domainkey.example.com', 'TXT')).toEqual({
        ...answers('v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKC', 'other'),
        chunks: [['v=DKIM1; k=rsa; p=MIIBIjANBgkq', 'hkiG9w0BAQEFAAOCAQ8AMIIBCgKC'], ['other']],
      });
    });

    it('returns MX as "<preference> <exchange>", NS targets, SOA fields, A and AAAA addresses', async () => {
      server
        .set('example.com', 'MX', { preference: 10, exchange: 'mx1.example.net.' }, { preference: 20, exchange: 'MX2.example.net' })
        .set('example.com', 'NS', 'ns1.dns-host.net.')
        .set('example.com', 'SOA', { ...SOA, serial: 2024010101, refresh: 7200, retry: 900, expire: 1209600 })
        .set('example.com', 'A', '192.0.2.1')
        .set('example.com', 'AAAA', '2001:db8::1');
      expect(await resolver.lookup('example.com', 'MX')).toMatchObject(answers('10 mx1.example.net', '20 MX2.example.net'));
      expect(await resolver.lookup('example.com', 'NS')).toMatchObject(answers('ns1.dns-host.net'));
      expect(await resolver.lookup('example.com', 'SOA')).toMatchObject(answers('ns1.dns-host.net hostmaster.example.com 2024010101 7200 900 1209600 300'));
      expect(await resolver.lookup('example.com', 'A')).toMatchObject(answers('192.0.2.1'));
      expect(await resolver.lookup('example.com', 'AAAA')).toMatchObject(answers('2001:db8::1'));
    });

    it('asks every query in flight from a socket of its own (its own source port and receive buffer), so a burst is answered in full', async () => {
      const names = Array.from({ length: 120 }, (_, i) => `burst-${i}.example.com`); // within maxInFlight (128)
      for (const name of names) server.set(name, 'TXT', [`v=DKIM1; k=rsa; p=${'A'.repeat(200)}`, 'B'.repeat(200)]);
      const results = await Promise.all(names.map((name) => resolver.lookup(name, 'TXT')));
      expect(results.filter((r) => r.kind !== 'answers')).toEqual([]);
      expect(server.queries.every((q) => q.transport === 'udp')).toBe(true);
      expect(new Set(server.queries.map((q) => q.port)).size).toBe(names.length);
      // and sockets are reused: the next burst asks from the same ports
      server.resetQueries();
      await Promise.all(names.slice(0, 50).map((name) => resolver.lookup(name, 'TXT')));
      expect(new Set(server.queries.map((q) => q.port)).size).toBe(50);
    });

    it('a burst larger than the server can take in at once (a sweep puts a thousand lookups in flight) is asked 128 at a time and answered in full, none timed out', async () => {
      const names = Array.from({ length: 1500 }, (_, i) => `wave-${i}.example.com`);
      for (const name of names) server.set(name, 'CNAME', `target-${name}`);
      const results = await Promise.all(names.map((name) => resolver.lookup(name, 'CNAME')));
      expect(results.filter((r) => r.kind !== 'answers')).toEqual([]);
      expect(server.queries).toHaveLength(names.length);
    });

    it('asks at most maxInFlight at once; the others wait their turn, their timeout starting only when sent', async () => {
      const narrow = new WireDnsResolver({ servers: [server.address], timeoutMs: 1000, tries: 1, maxInFlight: 4 });
      try {
        server.slow(300);
        const names = Array.from({ length: 20 }, (_, i) => `turn-${i}.example.com`);
        for (const name of names) server.set(name, 'A', '192.0.2.1');
        // five turns of 300 ms: the last are sent after the timeout would have passed had it started with the lookup
        expect((await Promise.all(names.map((name) => narrow.lookup(name, 'A')))).map((r) => r.kind)).toEqual(Array(20).fill('answers'));
        // a socket is made only for a query in flight with no idle one to take, and kept: as many as were ever in flight at once
        expect((narrow as unknown as { open: Set<unknown> }).open.size).toBe(4);
      } finally {
        narrow.close();
      }
    });

    it('a lookup waiting its turn when the resolver is closed ends as an error', async () => {
      const narrow = new WireDnsResolver({ servers: [server.address], timeoutMs: 500, tries: 1, maxInFlight: 1 });
      server.slow(100);
      server.set('first.example.com', 'A', '192.0.2.1');
      const first = narrow.lookup('first.example.com', 'A');
      const second = narrow.lookup('second.example.com', 'A');
      narrow.close();
      expect((await first).kind).toBe('error');
      expect(await second).toMatchObject({ kind: 'error', message: expect.stringContaining('The resolver was closed') });
    });

    it('falls back to TCP when the answer does not fit in a UDP message', async () => {
      const chunks = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(255));
      server.set('big.example.com', 'TXT', chunks);
      expect(await resolver.lookup('big.example.com', 'TXT')).toMatchObject(answers(chunks.join('')));
      expect(server.queries.map(({ port: _, ...q }) => q)).toEqual([
        { name: 'big.example.com', type: 'TXT', transport: 'udp' },
        { name: 'big.example.com', type: 'TXT', transport: 'tcp' },
      ]);
    });
  });

  describe('aliases', () => {
    it('reports an authoritative answer that stops at a CNAME as an alias to ask again at', async () => {
      server.set('em123.example.com', 'CNAME', 'u123.wl.sendgrid.net').set('u123.wl.sendgrid.net', 'TXT', 'v=spf1 -all');
      expect(await resolver.lookup('em123.example.com', 'TXT')).toEqual({ kind: 'alias', chain: ['u123.wl.sendgrid.net'] });
    });

    it('follows the chain a recursive resolver sends in one answer', async () => {
      server.role = 'recursive';
      server.set('em123.example.com', 'CNAME', 'alias.example.net').set('alias.example.net', 'CNAME', 'u123.wl.sendgrid.net').set('u123.wl.sendgrid.net', 'TXT', 'v=spf1 -all');
      expect(await resolver.lookup('em123.example.com', 'TXT')).toMatchObject({ kind: 'answers', values: ['v=spf1 -all'], chain: ['alias.example.net', 'u123.wl.sendgrid.net'] });
    });

    it('follows a DNAME, with the CNAME the server synthesised or synthesising it itself', async () => {
      server.set('_domainkey.example.com', 'DNAME', '_domainkey.sister.com');
      expect(await resolver.lookup('s1._domainkey.example.com', 'CNAME')).toMatchObject(answers('s1._domainkey.sister.com'));
      expect(await resolver.lookup('s1._domainkey.example.com', 'TXT')).toEqual({ kind: 'alias', chain: ['s1._domainkey.sister.com'] });
      server.omitSynthesizedCname = true;
      expect(await resolver.lookup('s1._domainkey.example.com', 'CNAME')).toMatchObject(answers('s1._domainkey.sister.com'));
      expect(await resolver.lookup('s1._domainkey.example.com', 'TXT')).toEqual({ kind: 'alias', chain: ['s1._domainkey.sister.com'] });
    });
  });

  describe.each(['authoritative', 'recursive'] as const)('missing records, from a %s server', (role) => {
    beforeEach(() => {
      server.role = role;
      server.set('example.com', 'SOA', SOA);
    });

    it('reports NXDOMAIN for a name that does not exist', async () => {
      expect(await resolver.lookup('nope.example.com', 'TXT')).toEqual({ kind: 'missing', reason: 'NXDOMAIN', chain: [] });
    });

    it('reports NODATA for a name without a record of the asked type, and for an empty non-terminal', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all').set('s1._domainkey.example.com', 'TXT', 'v=DKIM1; p=abc');
      expect(await resolver.lookup('example.com', 'MX')).toEqual({ kind: 'missing', reason: 'NODATA', chain: [] });
      expect(await resolver.lookup('_domainkey.example.com', 'TXT')).toEqual({ kind: 'missing', reason: 'NODATA', chain: [] });
    });
  });

  describe('errors, never "missing"', () => {
    it('reports a referral (a name below a delegation, from a server that does not recurse) as an error naming the delegation', async () => {
      server.set('example.com', 'SOA', SOA).delegate('_domainkey.example.com', ['ns1.dead.example.net', 'ns2.dead.example.net']);
      expect(await resolver.lookup('cm1._domainkey.example.com', 'CNAME')).toEqual({
        kind: 'error',
        code: 'REFERRAL',
        message: expect.stringContaining('it refers to ns1.dead.example.net, ns2.dead.example.net, which serve _domainkey.example.com'),
        delegation: { zone: '_domainkey.example.com', servers: ['ns1.dead.example.net', 'ns2.dead.example.net'] },
      });
    });

    it('reports a lame answer (empty, no authority, no recursion) as an error', async () => {
      server.lame('example.com');
      expect(await resolver.lookup('example.com', 'TXT')).toMatchObject({ kind: 'error', code: 'NOT_AUTHORITATIVE' });
    });

    it('reports SERVFAIL from a recursive resolver whose delegated server is dead as an error', async () => {
      server.role = 'recursive';
      server.delegate('_domainkey.example.com', ['ns1.dead.example.net'], 'dead');
      expect(await resolver.lookup('cm1._domainkey.example.com', 'CNAME')).toMatchObject({ kind: 'error', code: 'SERVFAIL' });
    });

    it.each([
      ['SERVFAIL', (s: TestDnsServer) => s.servfail('example.com')],
      ['REFUSED', (s: TestDnsServer) => s.refuse('example.com')],
    ] as const)('reports %s as an error', async (code, setUp) => {
      setUp(server);
      expect(await resolver.lookup('example.com', 'TXT')).toMatchObject({ kind: 'error', code });
    });

    it('reports TIMEOUT when the server never answers, after the configured tries', async () => {
      const impatient = new WireDnsResolver({ servers: [server.address], timeoutMs: 150, tries: 2 });
      server.blackhole('example.com');
      expect(await impatient.lookup('example.com', 'TXT')).toMatchObject({ kind: 'error', code: 'TIMEOUT' });
      expect(server.queries).toHaveLength(2);
      impatient.close();
    });

    it('asks the next server when one fails', async () => {
      const stopped = await TestDnsServer.start();
      await stopped.stop();
      const two = new WireDnsResolver({ servers: [stopped.address, server.address], timeoutMs: 200, tries: 1 });
      server.set('example.com', 'TXT', 'v=spf1 -all');
      expect(await two.lookup('example.com', 'TXT')).toMatchObject(answers('v=spf1 -all'));
      two.close();
    });

    it('answers again once the name is healthy', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all').servfail('example.com').healthy('example.com');
      expect(await resolver.lookup('example.com', 'TXT')).toMatchObject(answers('v=spf1 -all'));
    });
  });

  describe('caching', () => {
    it('asks the server on every lookup, and once per run behind a RunScopedDnsCache', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all');
      await resolver.lookup('example.com', 'TXT');
      server.set('example.com', 'TXT', 'v=spf1 ~all');
      expect(await resolver.lookup('example.com', 'TXT')).toMatchObject(answers('v=spf1 ~all'));
      expect(server.queries).toHaveLength(2);

      server.resetQueries();
      const run = new RunScopedDnsCache(resolver);
      const results = await Promise.all([run.lookup('example.com', 'TXT'), run.lookup('Example.com', 'TXT')]);
      expect(results).toMatchObject([answers('v=spf1 ~all'), answers('v=spf1 ~all')]);
      expect(server.queries).toHaveLength(1);
    });
  });
});

describe('parseDnsServers', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['  ', []],
    ['192.0.2.1', ['192.0.2.1']],
    ['192.0.2.1:5353', ['192.0.2.1:5353']],
    [' 192.0.2.1 , 198.51.100.7:53 ', ['192.0.2.1', '198.51.100.7']],
    ['127.0.0.1:65535', ['127.0.0.1:65535']],
    ['2001:db8::1', ['2001:db8::1']],
    ['::1', ['::1']],
    ['[2001:db8::1]', ['2001:db8::1']],
    ['[2001:db8::1]:5353', ['[2001:db8::1]:5353']],
    ['192.0.2.1:053', ['192.0.2.1']],
  ])('parses %j as %j', (csv, expected) => {
    expect(parseDnsServers(csv)).toEqual(expected);
  });

  it.each([
    ['dns.example.com', 'dns.example.com'],
    ['192.0.2.256', '192.0.2.256'],
    ['192.0.2.1:0', '192.0.2.1:0'],
    ['192.0.2.1:65536', '192.0.2.1:65536'],
    ['192.0.2.1:dns', '192.0.2.1:dns'],
    ['192.0.2.1:', '192.0.2.1:'],
    ['[192.0.2.1]:53', '[192.0.2.1]:53'],
    ['[2001:db8::1]:', '[2001:db8::1]:'],
    ['2001:db8::g', '2001:db8::g'],
    ['192.0.2.1,,198.51.100.7', ''],
    ['192.0.2.1, udp://198.51.100.7', 'udp://198.51.100.7'],
  ])('rejects %j, naming the entry %j', (csv, entry) => {
    expect(() => parseDnsServers(csv)).toThrow(`Invalid DNS server "${entry}": expected an IPv4 or IPv6 address with an optional port 1-65535`);
  });

  it('is applied to the servers given to WireDnsResolver', () => {
    expect(() => new WireDnsResolver({ servers: ['192.0.2.1:99999'] })).toThrow('Invalid DNS server "192.0.2.1:99999"');
  });
});
