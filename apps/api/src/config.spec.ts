import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      adminApiKey: undefined,
      providerDnsZone: 'email.cmtest.nl',
      dnsServers: [],
      dnsTimeoutMs: 2000,
      dnsTries: 2,
      verification: { tickSeconds: 60, retryBaseSeconds: 60, windowHours: 72, recheckHours: 24, concurrency: 20, schedulerEnabled: true },
      logLevel: 'info',
      logFormat: 'text',
    });
    expect(c.dataDir).toMatch(/\.data$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://x@y/z',
      DATA_DIR: '/tmp/sds',
      ADMIN_API_KEY: 'k'.repeat(20),
      PROVIDER_DNS_ZONE: 'Mail.Example.NET.',
      DNS_SERVERS: '127.0.0.1:5353, [::1]:53',
      VERIFICATION_SCHEDULER: 'off',
      VERIFICATION_TICK_SECONDS: '0.5',
    });
    expect(c).toMatchObject({ port: 8080, dataDir: '/tmp/sds', providerDnsZone: 'mail.example.net', dnsServers: ['127.0.0.1:5353', '[::1]:53'] });
    expect(c.verification).toMatchObject({ schedulerEnabled: false, tickSeconds: 0.5 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DNS_TIMEOUT_MS: '-1' }, 'DNS_TIMEOUT_MS'],
    [{ DNS_SERVERS: '127.0.0.1:99999' }, 'DNS_SERVERS'],
    [{ VERIFICATION_TICK_SECONDS: '0' }, 'VERIFICATION_TICK_SECONDS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
