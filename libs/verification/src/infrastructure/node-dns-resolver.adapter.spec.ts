import { TestDnsServer } from '../../../../test/support/dns-server.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { NodeDnsResolver, parseDnsServers } from './node-dns-resolver.adapter.js';

/** Integration tests: real node:dns (c-ares) against a real DNS server on loopback, UDP and TCP. */
describe('NodeDnsResolver', () => {
  let server: TestDnsServer;
  let resolver: NodeDnsResolver;

  beforeAll(async () => {
    server = await TestDnsServer.start();
    resolver = new NodeDnsResolver({ servers: [server.address], timeoutMs: 1000, tries: 1 });
  });

  afterEach(() => {
    server.clear();
    server.resetQueries();
  });

  afterAll(async () => {
    await server.stop();
  });

  describe('answers', () => {
    it('returns a CNAME target without its trailing dot', async () => {
      server.set('em123.example.com', 'CNAME', 'u123.wl.sendgrid.net.');

      expect(await resolver.lookup('em123.example.com', 'CNAME')).toEqual({ kind: 'answers', values: ['u123.wl.sendgrid.net'] });
    });

    it('keeps the case of a CNAME target as served', async () => {
      server.set('em123.example.com', 'CNAME', 'U123.WL.SendGrid.NET');

      expect(await resolver.lookup('em123.example.com', 'CNAME')).toEqual({ kind: 'answers', values: ['U123.WL.SendGrid.NET'] });
    });

    it('matches the asked name case-insensitively', async () => {
      server.set('em123.example.com', 'CNAME', 'u123.wl.sendgrid.net');

      expect(await resolver.lookup('EM123.Example.COM', 'CNAME')).toEqual({ kind: 'answers', values: ['u123.wl.sendgrid.net'] });
    });

    it('joins the character-strings of one TXT record with nothing in between (RFC 7208 §3.3)', async () => {
      server.set('s1._domainkey.example.com', 'TXT', ['v=DKIM1; k=rsa; p=MIIBIjANBgkq', 'hkiG9w0BAQEFAAOCAQ8AMIIBCgKC']);

      expect(await resolver.lookup('s1._domainkey.example.com', 'TXT')).toEqual({
        kind: 'answers',
        values: ['v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKC'],
      });
    });

    it('returns one value per TXT record', async () => {
      server.set('example.com', 'TXT', 'v=spf1 include:_spf.example.net ~all', 'google-site-verification=abc');

      const result = await resolver.lookup('example.com', 'TXT');

      expect(result).toEqual({ kind: 'answers', values: ['v=spf1 include:_spf.example.net ~all', 'google-site-verification=abc'] });
    });

    it('returns MX records as "<preference> <exchange>"', async () => {
      server.set('example.com', 'MX', { preference: 10, exchange: 'mx1.example.net.' }, { preference: 20, exchange: 'MX2.example.net' });

      expect(await resolver.lookup('example.com', 'MX')).toEqual({ kind: 'answers', values: ['10 mx1.example.net', '20 MX2.example.net'] });
    });

    it('returns NS targets', async () => {
      server.set('example.com', 'NS', 'ns1.dns-host.net.', 'ns2.dns-host.net');

      expect(await resolver.lookup('example.com', 'NS')).toEqual({ kind: 'answers', values: ['ns1.dns-host.net', 'ns2.dns-host.net'] });
    });

    it('returns the SOA as "<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>"', async () => {
      server.set('example.com', 'SOA', {
        mname: 'ns1.dns-host.net.',
        rname: 'hostmaster.example.com.',
        serial: 2024010101,
        refresh: 7200,
        retry: 900,
        expire: 1209600,
        minimum: 300,
      });

      expect(await resolver.lookup('example.com', 'SOA')).toEqual({
        kind: 'answers',
        values: ['ns1.dns-host.net hostmaster.example.com 2024010101 7200 900 1209600 300'],
      });
    });

    it('falls back to TCP when the answer does not fit in a UDP message', async () => {
      const chunks = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(255));
      server.set('big.example.com', 'TXT', chunks);

      expect(await resolver.lookup('big.example.com', 'TXT')).toEqual({ kind: 'answers', values: [chunks.join('')] });
      expect(server.queries).toEqual([
        { name: 'big.example.com', type: 'TXT', transport: 'udp' },
        { name: 'big.example.com', type: 'TXT', transport: 'tcp' },
      ]);
    });
  });

  describe('missing records', () => {
    beforeEach(() => {
      // Negative answers then carry the zone's SOA in their authority section, as real ones do.
      server.set('example.com', 'SOA', { mname: 'ns1.dns-host.net', rname: 'hostmaster.example.com', minimum: 300 });
    });

    it('reports NXDOMAIN for a name that does not exist', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all');

      expect(await resolver.lookup('nope.example.com', 'TXT')).toEqual({ kind: 'missing', reason: 'NXDOMAIN' });
    });

    it('reports NODATA for a name without a record of the asked type', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all');

      expect(await resolver.lookup('example.com', 'MX')).toEqual({ kind: 'missing', reason: 'NODATA' });
    });

    it('reports NODATA for an empty non-terminal (records only below the name)', async () => {
      server.set('s1._domainkey.example.com', 'TXT', 'v=DKIM1; p=abc');

      expect(await resolver.lookup('_domainkey.example.com', 'TXT')).toEqual({ kind: 'missing', reason: 'NODATA' });
    });

    // An authoritative server answers with the CNAME alone; c-ares resolves TXT and MX to an empty
    // list, NS to ENODATA and SOA to EBADRESP. Nothing follows the CNAME.
    it.each([
      ['TXT', { kind: 'missing', reason: 'NODATA' }],
      ['MX', { kind: 'missing', reason: 'NODATA' }],
      ['NS', { kind: 'missing', reason: 'NODATA' }],
      ['SOA', { kind: 'error', code: 'EBADRESP', message: 'querySoa EBADRESP em123.example.com' }],
    ] as const)('does not follow a CNAME when %s is asked', async (type, expected) => {
      // The target has a record of every type, so an answer could only come from following it.
      server
        .set('em123.example.com', 'CNAME', 'u123.wl.sendgrid.net')
        .set('u123.wl.sendgrid.net', 'TXT', 'v=spf1 -all')
        .set('u123.wl.sendgrid.net', 'MX', { preference: 10, exchange: 'mx.sendgrid.net' })
        .set('u123.wl.sendgrid.net', 'NS', 'ns1.sendgrid.net')
        .set('u123.wl.sendgrid.net', 'SOA', { mname: 'ns1.sendgrid.net', rname: 'dns.sendgrid.net' });

      expect(await resolver.lookup('em123.example.com', type)).toEqual(expected);
      expect(server.queries).toEqual([{ name: 'em123.example.com', type, transport: 'udp' }]);
    });
  });

  describe('errors', () => {
    it('reports SERVFAIL as an error', async () => {
      server.servfail('example.com');

      expect(await resolver.lookup('example.com', 'TXT')).toEqual({
        kind: 'error',
        code: 'SERVFAIL',
        message: 'queryTxt ESERVFAIL example.com',
      });
    });

    it('reports REFUSED as an error', async () => {
      server.refuse('example.com');

      expect(await resolver.lookup('example.com', 'CNAME')).toEqual({
        kind: 'error',
        code: 'REFUSED',
        message: 'queryCname EREFUSED example.com',
      });
    });

    it('reports TIMEOUT when the server never answers', async () => {
      const impatient = new NodeDnsResolver({ servers: [server.address], timeoutMs: 200, tries: 1 });
      server.blackhole('example.com');

      expect(await impatient.lookup('example.com', 'TXT')).toEqual({
        kind: 'error',
        code: 'TIMEOUT',
        message: 'queryTxt ETIMEOUT example.com',
      });
    });

    it('answers again once the name is healthy', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all').servfail('example.com').healthy('example.com');

      expect(await resolver.lookup('example.com', 'TXT')).toEqual({ kind: 'answers', values: ['v=spf1 -all'] });
    });

    it('reports other failures with node:dns\'s code', async () => {
      const stopped = await TestDnsServer.start();
      await stopped.stop();
      const unreachable = new NodeDnsResolver({ servers: [stopped.address], timeoutMs: 200, tries: 1 });

      expect(await unreachable.lookup('example.com', 'TXT')).toEqual({
        kind: 'error',
        code: 'ECONNREFUSED',
        message: 'queryTxt ECONNREFUSED example.com',
      });
    });
  });

  describe('caching', () => {
    it('asks the server on every lookup', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all');
      await resolver.lookup('example.com', 'TXT');
      server.set('example.com', 'TXT', 'v=spf1 ~all');

      expect(await resolver.lookup('example.com', 'TXT')).toEqual({ kind: 'answers', values: ['v=spf1 ~all'] });
      expect(server.queries).toHaveLength(2);
    });

    it('asks once per run behind a RunScopedDnsCache', async () => {
      server.set('example.com', 'TXT', 'v=spf1 -all');
      const run = new RunScopedDnsCache(resolver);

      const results = await Promise.all([run.lookup('example.com', 'TXT'), run.lookup('Example.com', 'TXT')]);
      await run.lookup('example.com', 'TXT');

      expect(results).toEqual([
        { kind: 'answers', values: ['v=spf1 -all'] },
        { kind: 'answers', values: ['v=spf1 -all'] },
      ]);
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
    [' 192.0.2.1 , 198.51.100.7:53 ', ['192.0.2.1', '198.51.100.7:53']],
    ['127.0.0.1:65535', ['127.0.0.1:65535']],
    ['2001:db8::1', ['2001:db8::1']],
    ['::1', ['::1']],
    ['[2001:db8::1]', ['2001:db8::1']],
    ['[2001:db8::1]:5353', ['[2001:db8::1]:5353']],
    ['192.0.2.1:053', ['192.0.2.1:53']],
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
    expect(() => parseDnsServers(csv)).toThrow(
      `Invalid DNS server "${entry}": expected an IPv4 or IPv6 address with an optional port 1-65535`,
    );
  });

  it('is applied to the servers given to NodeDnsResolver', () => {
    expect(() => new NodeDnsResolver({ servers: ['192.0.2.1:99999'] })).toThrow('Invalid DNS server "192.0.2.1:99999"');
  });
});
