import { ConfigError, loadConfig } from './config.js';

const KEK = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      adminApiKey: undefined,
      providerDnsZone: 'email.cmtest.nl',
      providerSpfInclude: '_spf.email.cmtest.nl',
      providerTrackingHost: 'track.email.cmtest.nl',
      providerInboundMx: [{ priority: 10, host: 'inbound.email.cmtest.nl' }],
      dnsServers: [],
      dnsTimeoutMs: 2000,
      dnsTries: 2,
      dnsMaxInFlight: 128,
      verification: { tickSeconds: 60, retryBaseSeconds: 60, windowHours: 72, recheckHours: 24, concurrency: 20, leaseSeconds: 30, schedulerEnabled: true },
      smtpFrom: 'Sending domains <no-reply@localhost>',
      logLevel: 'info',
      logFormat: 'text',
    });
    expect(c.dataDir).toMatch(/\.data$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://x@y/z',
      DKIM_KEY_ENCRYPTION_KEY: KEK,
      DATA_DIR: '/tmp/sds',
      ADMIN_API_KEY: 'k'.repeat(20),
      PROVIDER_DNS_ZONE: 'Mail.Example.NET.',
      PROVIDER_SPF_INCLUDE: 'spf.Example.NET.',
      PROVIDER_INBOUND_MX: '10 mx1.example.net, 20 MX2.example.net.',
      DNS_SERVERS: '127.0.0.1:5353, [::1]:53',
      VERIFICATION_SCHEDULER: 'OFF',
      VERIFICATION_TICK_SECONDS: '0.5',
      VERIFICATION_LEASE_SECONDS: '10',
      SMTP_URL: 'smtps://u:p@mail.example.com:465',
      SMTP_FROM: 'Ops <ops@example.com>',
      LOG_FORMAT: 'json',
    });
    expect(c).toMatchObject({
      port: 8080,
      dataDir: '/tmp/sds',
      providerDnsZone: 'mail.example.net',
      providerSpfInclude: 'spf.example.net',
      providerTrackingHost: 'track.mail.example.net',
      providerInboundMx: [{ priority: 10, host: 'mx1.example.net' }, { priority: 20, host: 'mx2.example.net' }],
      dnsServers: ['127.0.0.1:5353', '::1'],
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      smtpFrom: 'Ops <ops@example.com>',
      logFormat: 'json',
    });
    expect(c.verification).toMatchObject({ schedulerEnabled: false, tickSeconds: 0.5, leaseSeconds: 10 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ DNS_TIMEOUT_MS: '-1' }, 'DNS_TIMEOUT_MS'],
    [{ DNS_SERVERS: '127.0.0.1:99999' }, 'DNS_SERVERS'],
    [{ VERIFICATION_TICK_SECONDS: '0' }, 'VERIFICATION_TICK_SECONDS'],
    [{ VERIFICATION_WINDOW_HOURS: '1e3' }, 'VERIFICATION_WINDOW_HOURS'],
    [{ VERIFICATION_LEASE_SECONDS: '1' }, 'VERIFICATION_LEASE_SECONDS must be a whole number from 3 to 3600, got "1"'],
    [{ VERIFICATION_SCHEDULER: 'maybe' }, 'VERIFICATION_SCHEDULER must be one of on, off, got "maybe"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT must be one of text, json'],
    [{ DATABASE_URL: 'notaurl' }, 'DATABASE_URL: must be a URL like postgres://'],
    [{ DATABASE_URL: 'mysql://u@h/db' }, 'DATABASE_URL: must start with postgres:// or postgresql://'],
    [{ ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY: must be at least 16 characters long, got 5'],
    [{ ADMIN_API_KEY: 'a key with spaces inside' }, 'ADMIN_API_KEY: must not contain spaces'],
    [{ PROVIDER_DNS_ZONE: 'not a zone' }, 'PROVIDER_DNS_ZONE'],
    [{ PROVIDER_DNS_ZONE: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(30)}.nl` }, 'PROVIDER_DNS_ZONE: is too long'],
    [{ PROVIDER_SPF_INCLUDE: 'not a name' }, 'PROVIDER_SPF_INCLUDE: must be a DNS name'],
    [{ PROVIDER_TRACKING_HOST: 'x' }, 'PROVIDER_TRACKING_HOST: must be a DNS name'],
    [{ PROVIDER_INBOUND_MX: 'mx1.example.net' }, 'PROVIDER_INBOUND_MX: must be "priority host" pairs'],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL: must start with smtp:// or smtps://'],
    [{ SMTP_FROM: 'nobody' }, 'SMTP_FROM'],
    [{ SMTP_FROM: 'bad\u0000from@example.com' }, 'SMTP_FROM must not contain control characters'],
  ])('refuses %j with a line naming the variable: %s', (env, line) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(line);
  });

  it('reports every invalid variable at once, one line each', () => {
    try {
      loadConfig({ PORT: 'x', VERIFICATION_SCHEDULER: 'maybe', DATABASE_URL: 'notaurl' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^PORT /),
        expect.stringMatching(/^DATABASE_URL: /),
        expect.stringMatching(/^VERIFICATION_SCHEDULER /),
      ]);
    }
  });
});

describe('PROVIDER_SENDING_IPS', () => {
  it('reads addresses and ranges of both families as normalised CIDR ranges', () => {
    expect(loadConfig({ PROVIDER_SENDING_IPS: '192.0.2.7, 198.51.100.9/24,2001:DB8::1/32 , 2001:db8::5' }).providerSendingIps).toEqual([
      '192.0.2.7/32',
      '198.51.100.0/24',
      '2001:db8::/32',
      '2001:db8::5/128',
    ]);
    expect(loadConfig({}).providerSendingIps).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(() => loadConfig({ PROVIDER_SENDING_IPS: '192.0.2.7, mail.example.com' })).toThrow(/PROVIDER_SENDING_IPS: must be IPv4 or IPv6 addresses or CIDR ranges .*got "mail.example.com"/);
    expect(() => loadConfig({ PROVIDER_SENDING_IPS: '192.0.2.0/33' })).toThrow(/PROVIDER_SENDING_IPS/);
  });
});

describe('DKIM keys and the provider zone', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      providerReturnPathMx: [{ priority: 10, host: 'bounces.email.cmtest.nl' }],
      providerZoneTtl: 300,
      zonePublisher: { kind: 'none' },
      dkim: { keyBits: 2048, encryptionKey: undefined, previousEncryptionKeys: [], retireHours: 168 },
    });
  });

  it('with DATABASE_URL, DKIM_KEY_ENCRYPTION_KEY is required, and says how to make one', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@y/z' })).toThrow(/DKIM_KEY_ENCRYPTION_KEY must be set when DATABASE_URL is: 32 random bytes in base64 \(`openssl rand -base64 32`\)/);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@y/z', DKIM_KEY_ENCRYPTION_KEY: KEK }).dkim.encryptionKey).toBe(KEK);
  });

  it('names what is wrong with each setting', () => {
    const problems = (() => {
      try {
        loadConfig({
          DKIM_KEY_ENCRYPTION_KEY: 'c2hvcnQ=',
          DKIM_KEY_ENCRYPTION_KEY_PREVIOUS: `${KEK},nope`,
          DKIM_KEY_BITS: '512',
          DKIM_RETIRE_HOURS: '-1',
          PROVIDER_ZONE_TTL: '0',
          PROVIDER_RETURN_PATH_MX: 'bounces.example.net',
          PROVIDER_ZONE_PUBLISHER: 'rfc2136',
        });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^PROVIDER_RETURN_PATH_MX: must be "priority host" pairs/),
      expect.stringMatching(/^PROVIDER_ZONE_TTL must be a whole number from 1 to 86400/),
      'DKIM_KEY_BITS must be a whole number from 1024 to 4096, got "512"',
      'DKIM_KEY_ENCRYPTION_KEY: must be 32 bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`), got 5 bytes',
      expect.stringMatching(/^DKIM_KEY_ENCRYPTION_KEY_PREVIOUS: must be 32 bytes in base64/),
      'DKIM_RETIRE_HOURS must be a positive number, got "-1"',
      expect.stringMatching(/^PROVIDER_ZONE_SERVER must be set with PROVIDER_ZONE_PUBLISHER=rfc2136/),
      expect.stringMatching(/^PROVIDER_ZONE_TSIG must be set with PROVIDER_ZONE_PUBLISHER=rfc2136/),
    ]);
  });

  it('reads a publisher and what it needs', () => {
    const rfc2136 = loadConfig({ PROVIDER_ZONE_PUBLISHER: 'rfc2136', PROVIDER_ZONE_SERVER: '192.0.2.53:5353', PROVIDER_ZONE_TSIG: `hmac-sha256:sds-key:${KEK}` });
    expect(rfc2136.zonePublisher).toEqual({ kind: 'rfc2136', server: '192.0.2.53:5353', tsig: `hmac-sha256:sds-key:${KEK}` });
    const route53 = loadConfig({ PROVIDER_ZONE_PUBLISHER: 'route53', PROVIDER_ZONE_HOSTED_ZONE_ID: 'Z0123456789ABC', ROUTE53_ENDPOINT: 'http://127.0.0.1:9' });
    expect(route53.zonePublisher).toEqual({ kind: 'route53', hostedZoneId: 'Z0123456789ABC', endpoint: 'http://127.0.0.1:9' });
    expect(() => loadConfig({ PROVIDER_ZONE_PUBLISHER: 'route53' })).toThrow(/PROVIDER_ZONE_HOSTED_ZONE_ID must be set/);
    expect(() => loadConfig({ PROVIDER_ZONE_PUBLISHER: 'rfc2136', PROVIDER_ZONE_SERVER: 'dns.example.net', PROVIDER_ZONE_TSIG: 'nope' })).toThrow(/PROVIDER_ZONE_SERVER: .*\n.*PROVIDER_ZONE_TSIG: /);
  });
});
