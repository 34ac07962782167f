import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { parseKek } from '#shared-kernel';
import { parseTsigKey, parseZoneServer, ZONE_PUBLISHER_KINDS } from '#dns-publishing';
import { parseDnsServers } from '#verification';

/** Everything the service reads from its environment (README "Configuration"), validated once at start. */
export interface AppConfig {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminApiKey: string | undefined;
  providerDnsZone: string;
  /** the include customers add to their SPF record */
  providerSpfInclude: string;
  /** the target of tracking CNAMEs */
  providerTrackingHost: string;
  /** MX hosts of receiving domains */
  providerInboundMx: { priority: number; host: string }[];
  /** the addresses the platform sends from, as CIDR ranges (`203.0.113.7/32`); empty when unset */
  providerSendingIps: string[];
  /** the MX of every account's return-path target `<acct>.<zone>` */
  providerReturnPathMx: { priority: number; host: string }[];
  /** TTL of the provider zone's records */
  providerZoneTtl: number;
  /** who publishes the provider zone, and where */
  zonePublisher:
    | { kind: 'none' }
    | { kind: 'rfc2136'; server: string; tsig: string }
    | { kind: 'route53'; hostedZoneId: string; endpoint: string | undefined };
  dkim: {
    /** size of new RSA keys */
    keyBits: number;
    /** the key-encryption key (base64, 32 bytes); unset with the embedded database: generated into DATA_DIR at start */
    encryptionKey: string | undefined;
    /** previous key-encryption keys: keys sealed with them are sealed again at start */
    previousEncryptionKeys: string[];
    /** how long keys stay published after an account's last built-in domain is gone, and a retiring key after a rotation */
    retireHours: number;
    /** the largest message POST /api/v1/dkim/sign takes, in bytes */
    signMaxBytes: number;
    /** every account's keys are rotated this often (0: never by the scheduler) */
    rotationDays: number;
  };
  webhooks: {
    /** after a secret rotation, messages carry the old secret's signature too for this long */
    secretOverlapHours: number;
    /** one delivery attempt's timeout */
    timeoutMs: number;
    /** seconds after the first try at which a failed delivery is tried again */
    retrySchedule: number[];
    /** an endpoint whose every delivery has failed this long is disabled */
    disableAfterHours: number;
    /** deliveries are kept this long */
    logDays: number;
    /** http:// endpoints allowed (otherwise https:// only) */
    allowHttp: boolean;
    /** endpoints on loopback, private, link-local… addresses allowed (tests, private deployments) */
    allowPrivateNetworks: boolean;
    /** worker threads that send the POSTs (0: the main thread sends them) */
    sendThreads: number;
  };
  /** `ip[:port]` entries; empty = the system's resolvers */
  dnsServers: string[];
  dnsTimeoutMs: number;
  dnsTries: number;
  dnsMaxInFlight: number;
  verification: {
    tickSeconds: number;
    retryBaseSeconds: number;
    windowHours: number;
    recheckHours: number;
    concurrency: number;
    /** how long a claim holds a domain; renewed while its batch runs, so a crashed instance strands it this long */
    leaseSeconds: number;
    /** the scheduler runs only when true (tests switch it off unless they test it) */
    schedulerEnabled: boolean;
  };
  /** requests per minute per API key (0: no limit) */
  rateLimitPerMinute: number;
  /** how long a request's claim on its Idempotency-Key lasts; renewed while it runs */
  idempotencyLeaseSeconds: number;
  outbox: {
    /** first retry of a failed delivery; doubled for each further one, at most an hour */
    retryBaseSeconds: number;
    /** failed deliveries are retried this long after the change, then dead */
    retryHours: number;
    /** delivered entries are kept this long */
    keepDays: number;
  };
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** the default mail provider: what registrations use unless they name one, and what sends notifications */
  mailProvider: 'builtin' | 'ses';
  /** SES, when configured (AWS_REGION set, or MAIL_PROVIDER=ses) */
  ses: { region: string; endpoint: string | undefined } | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'text' | 'json';
}

/** Every invalid variable, one line each (`NAME must be …, got "…"`). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * The longest prefix the built-in profile puts before PROVIDER_DNS_ZONE in a record value
 * (`<32 hex>cm2._domainkey.`), so the zone leaves every value within DNS's 253 characters.
 */
const LONGEST_VALUE_PREFIX = '903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.'.length;
const DNS_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Reads variables and collects every problem, so one start reports them all. */
class Env {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value, or undefined when unset or blank. */
  text(name: string): string | undefined {
    const raw = this.env[name]?.trim();
    if (raw && CONTROL.test(raw)) {
      this.problems.push(`${name} must not contain control characters`);
      return undefined;
    }
    return raw ? raw : undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  positive(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = /^[0-9]*\.?[0-9]+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(value) || value <= 0) {
      this.problems.push(`${name} must be a positive number, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${this.env[name]?.trim()}"`);
      return fallback;
    }
    return raw as T;
  }

  /** Runs a parser that throws an Error whose message says what is wrong. */
  parsed<T>(name: string, parse: (raw: string | undefined) => T, fallback: T): T {
    try {
      return parse(this.text(name));
    } catch (error) {
      this.problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  }
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new Error('names no host: use postgres://user:password@host:5432/database');
  }
  return raw;
}

function adminApiKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length < 16) throw new Error(`must be at least 16 characters long, got ${raw.length}`);
  if (/\s/.test(raw)) throw new Error('must not contain spaces');
  return raw;
}

function providerZone(raw: string | undefined): string {
  const zone = (raw ?? 'email.cmtest.nl').replace(/\.$/, '').toLowerCase();
  const labels = zone.split('.');
  if (labels.length < 2 || labels.some((label) => !DNS_LABEL.test(label))) {
    throw new Error(`must be a DNS name like email.example.net (labels of letters, digits, hyphens), got "${raw}"`);
  }
  if (zone.length + LONGEST_VALUE_PREFIX > 253) {
    throw new Error(`is too long: the record values built on it must fit DNS's 253 characters, so at most ${253 - LONGEST_VALUE_PREFIX} characters`);
  }
  return zone;
}

function dnsName(raw: string): string {
  const name = raw.replace(/\.$/, '').toLowerCase();
  const labels = name.split('.');
  if (labels.length < 2 || name.length > 253 || labels.some((label) => !DNS_LABEL.test(label))) {
    throw new Error(`must be a DNS name like mail.example.net, got "${raw}"`);
  }
  return name;
}

/** `priority host` pairs, comma-separated: `10 mx1.example.net, 20 mx2.example.net`. */
function inboundMx(raw: string): { priority: number; host: string }[] {
  return raw.split(',').map((entry) => {
    const m = /^(\d{1,5})\s+(\S+)$/.exec(entry.trim());
    if (!m || Number(m[1]) > 65535) throw new Error(`must be "priority host" pairs separated by commas, like "10 mx1.example.net, 20 mx2.example.net"; got "${entry.trim()}"`);
    return { priority: Number(m[1]), host: dnsName(m[2]!) };
  });
}

/** Comma-separated IPv4/IPv6 addresses or CIDR ranges, as normalised CIDR ranges (`2001:db8::/32`, `192.0.2.7/32`). */
export function sendingIps(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const text = entry.trim();
    try {
      if (text.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(text);
        // the network itself, so 192.0.2.7/24 reads as 192.0.2.0/24
        const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
        return `${network.toString()}/${bits}`;
      }
      const address = ipaddr.parse(text);
      return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
    } catch {
      throw new Error(`must be IPv4 or IPv6 addresses or CIDR ranges separated by commas, like "192.0.2.7, 198.51.100.0/24, 2001:db8::/32"; got "${text}"`);
    }
  });
}

function smtpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`must start with smtp:// or smtps://, got "${url.protocol}//"`);
  if (!url.hostname) throw new Error('names no host: use smtp://user:password@mail.example.com:587');
  return raw;
}

function awsRegion(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(raw)) throw new Error(`must be an AWS region like us-east-1 or eu-west-1, got "${raw}"`);
  return raw;
}

function httpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`must be an http(s) URL like https://email.eu-west-1.amazonaws.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`must be an http(s) URL, got "${raw}"`);
  return raw;
}

function smtpFrom(raw: string | undefined): string {
  const from = raw ?? 'Sending domains <no-reply@localhost>';
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(from)) {
    throw new Error(`must be an address like no-reply@example.com or "Name <no-reply@example.com>", got "${from}"`);
  }
  return from;
}

/** A number of at least 0 (decimals allowed); unset: the fallback. */
function nonNegative(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = /^[0-9]*\.?[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw new Error(`must be a number of 0 or more (0 turns it off), got "${raw}"`);
  return value;
}

/** Seconds after the first try, comma-separated, rising: `0,5,300,1800`. */
function retrySchedule(raw: string | undefined): number[] {
  const fallback = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
  if (raw === undefined) return fallback;
  const steps = raw.split(',').map((s) => s.trim());
  const values = steps.map((s) => (/^[0-9]+$/.test(s) ? Number(s) : NaN));
  if (values.some((v) => !Number.isSafeInteger(v)) || values.some((v, i) => i > 0 && v <= values[i - 1]!)) {
    throw new Error(`must be whole numbers of seconds after the first try, rising, comma-separated, like "0,5,300,1800"; got "${raw}"`);
  }
  return values;
}

/**
 * The log must keep a delivery until its last attempt has ended: pruned earlier, a delivery still
 * being retried would vanish from the log, and its retries with it. Checked once the three are
 * read, and only when each is valid on its own (a fallback would make this line misleading).
 */
function webhookLogOutlastsRetries(e: Env, webhooks: AppConfig['webhooks']): void {
  const names = ['WEBHOOK_LOG_DAYS', 'WEBHOOK_RETRY_SCHEDULE', 'WEBHOOK_TIMEOUT_MS'];
  if (e.problems.some((p) => names.some((name) => p.startsWith(name)))) return;
  const lastSeconds = Math.max(0, ...webhooks.retrySchedule);
  const neededMs = lastSeconds * 1000 + webhooks.timeoutMs;
  if (webhooks.logDays * 86_400_000 >= neededMs) return;
  const days = Math.ceil((neededMs / 86_400_000) * 1e6) / 1e6;
  e.problems.push(
    `WEBHOOK_LOG_DAYS must be at least the last retry of WEBHOOK_RETRY_SCHEDULE (${lastSeconds} s after the first try) plus WEBHOOK_TIMEOUT_MS (${webhooks.timeoutMs} ms), ` +
      `or deliveries still being retried are pruned from the log: at least ${days} days, got "${e.text('WEBHOOK_LOG_DAYS') ?? webhooks.logDays}"`,
  );
}

/** PROVIDER_ZONE_PUBLISHER and what the chosen publisher needs. */
function zonePublisher(e: Env): AppConfig['zonePublisher'] {
  const kind = e.oneOf('PROVIDER_ZONE_PUBLISHER', ZONE_PUBLISHER_KINDS, 'none');
  if (kind === 'rfc2136') {
    const server = e.parsed('PROVIDER_ZONE_SERVER', (raw) => (raw === undefined ? undefined : (parseZoneServer(raw), raw)), undefined);
    const tsig = e.parsed('PROVIDER_ZONE_TSIG', (raw) => (raw === undefined ? undefined : (parseTsigKey(raw), raw)), undefined);
    if (server === undefined && e.text('PROVIDER_ZONE_SERVER') === undefined) e.problems.push('PROVIDER_ZONE_SERVER must be set with PROVIDER_ZONE_PUBLISHER=rfc2136: the primary server of PROVIDER_DNS_ZONE, ip[:port]');
    if (tsig === undefined && e.text('PROVIDER_ZONE_TSIG') === undefined) e.problems.push('PROVIDER_ZONE_TSIG must be set with PROVIDER_ZONE_PUBLISHER=rfc2136: the TSIG key as nsupdate -y takes it, algorithm:keyname:base64secret');
    return { kind, server: server ?? '', tsig: tsig ?? '' };
  }
  if (kind === 'route53') {
    const hostedZoneId = e.text('PROVIDER_ZONE_HOSTED_ZONE_ID');
    if (hostedZoneId === undefined) e.problems.push('PROVIDER_ZONE_HOSTED_ZONE_ID must be set with PROVIDER_ZONE_PUBLISHER=route53: the id of the hosted zone of PROVIDER_DNS_ZONE (Z…)');
    return { kind, hostedZoneId: hostedZoneId ?? '', endpoint: e.parsed('ROUTE53_ENDPOINT', httpUrl, undefined) };
  }
  return { kind: 'none' };
}

/**
 * Reads and validates every variable before anything starts. Throws a ConfigError listing each
 * invalid variable on a line of its own, naming it and what it accepts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = new Env(env);
  const zone = e.parsed('PROVIDER_DNS_ZONE', providerZone, 'email.cmtest.nl');
  const config: AppConfig = {
    port: e.int('PORT', 3000, 0, 65535),
    databaseUrl: e.parsed('DATABASE_URL', databaseUrl, undefined),
    dataDir: path.resolve(e.text('DATA_DIR') ?? './.data'),
    adminApiKey: e.parsed('ADMIN_API_KEY', adminApiKey, undefined),
    providerDnsZone: zone,
    providerSpfInclude: e.parsed('PROVIDER_SPF_INCLUDE', (raw) => (raw === undefined ? `_spf.${zone}` : dnsName(raw)), `_spf.${zone}`),
    providerTrackingHost: e.parsed('PROVIDER_TRACKING_HOST', (raw) => (raw === undefined ? `track.${zone}` : dnsName(raw)), `track.${zone}`),
    providerInboundMx: e.parsed('PROVIDER_INBOUND_MX', (raw) => (raw === undefined ? [{ priority: 10, host: `inbound.${zone}` }] : inboundMx(raw)), []),
    providerSendingIps: e.parsed('PROVIDER_SENDING_IPS', sendingIps, []),
    providerReturnPathMx: e.parsed('PROVIDER_RETURN_PATH_MX', (raw) => (raw === undefined ? [{ priority: 10, host: `bounces.${zone}` }] : inboundMx(raw)), []),
    providerZoneTtl: e.int('PROVIDER_ZONE_TTL', 300, 1, 86_400),
    zonePublisher: { kind: 'none' },
    dkim: {
      keyBits: e.int('DKIM_KEY_BITS', 2048, 1024, 4096),
      encryptionKey: e.parsed('DKIM_KEY_ENCRYPTION_KEY', (raw) => (raw === undefined ? undefined : (parseKek(raw), raw)), undefined),
      previousEncryptionKeys: e.parsed('DKIM_KEY_ENCRYPTION_KEY_PREVIOUS', (raw) => (raw === undefined ? [] : raw.split(',').map((k) => (parseKek(k), k.trim()))), []),
      retireHours: e.positive('DKIM_RETIRE_HOURS', 168),
      signMaxBytes: e.int('DKIM_SIGN_MAX_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      rotationDays: e.parsed('DKIM_ROTATION_DAYS', (raw) => nonNegative(raw, 180), 180),
    },
    webhooks: {
      secretOverlapHours: e.positive('WEBHOOK_SECRET_OVERLAP_HOURS', 24),
      timeoutMs: e.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      retrySchedule: e.parsed('WEBHOOK_RETRY_SCHEDULE', retrySchedule, [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]),
      disableAfterHours: e.positive('WEBHOOK_DISABLE_AFTER_HOURS', 120),
      logDays: e.positive('WEBHOOK_LOG_DAYS', 30),
      allowHttp: e.oneOf('WEBHOOK_ALLOW_HTTP', ['true', 'false'], 'false') === 'true',
      allowPrivateNetworks: e.oneOf('WEBHOOK_ALLOW_PRIVATE_NETWORKS', ['true', 'false'], 'false') === 'true',
      sendThreads: e.int('WEBHOOK_SEND_THREADS', 1, 0, 16),
    },
    dnsServers: e.parsed('DNS_SERVERS', parseDnsServers, []),
    dnsTimeoutMs: e.int('DNS_TIMEOUT_MS', 2000, 1, 60_000),
    dnsTries: e.int('DNS_TRIES', 2, 1, 10),
    dnsMaxInFlight: e.int('DNS_MAX_IN_FLIGHT', 128, 1, 10_000),
    verification: {
      tickSeconds: e.positive('VERIFICATION_TICK_SECONDS', 60),
      retryBaseSeconds: e.positive('VERIFICATION_RETRY_BASE_SECONDS', 60),
      windowHours: e.positive('VERIFICATION_WINDOW_HOURS', 72),
      recheckHours: e.positive('VERIFICATION_RECHECK_HOURS', 24),
      concurrency: e.int('VERIFICATION_CONCURRENCY', 20, 1, 1000),
      leaseSeconds: e.int('VERIFICATION_LEASE_SECONDS', 30, 3, 3600),
      schedulerEnabled: e.oneOf('VERIFICATION_SCHEDULER', ['on', 'off'], 'on') === 'on',
    },
    rateLimitPerMinute: e.int('RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000),
    idempotencyLeaseSeconds: e.int('IDEMPOTENCY_LEASE_SECONDS', 30, 3, 3600),
    outbox: {
      retryBaseSeconds: e.positive('OUTBOX_RETRY_BASE_SECONDS', 5),
      retryHours: e.positive('OUTBOX_RETRY_HOURS', 72),
      keepDays: e.positive('OUTBOX_KEEP_DAYS', 7),
    },
    smtpUrl: e.parsed('SMTP_URL', smtpUrl, undefined),
    smtpFrom: e.parsed('SMTP_FROM', smtpFrom, ''),
    mailProvider: e.oneOf('MAIL_PROVIDER', ['builtin', 'ses'], 'builtin'),
    ses: undefined,
    logLevel: e.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    logFormat: e.oneOf('LOG_FORMAT', ['text', 'json'], 'text'),
  };
  const region = e.parsed('AWS_REGION', awsRegion, undefined);
  const endpoint = e.parsed('SES_ENDPOINT', httpUrl, undefined);
  if (config.mailProvider === 'ses' && region === undefined && e.text('AWS_REGION') === undefined) {
    e.problems.push('AWS_REGION must be set when MAIL_PROVIDER is ses (the region SES identities live in, like eu-west-1)');
  }
  if (region !== undefined) config.ses = { region, endpoint };
  config.zonePublisher = zonePublisher(e);
  webhookLogOutlastsRetries(e, config.webhooks);
  if (config.databaseUrl !== undefined && config.dkim.encryptionKey === undefined && e.text('DKIM_KEY_ENCRYPTION_KEY') === undefined) {
    e.problems.push(
      'DKIM_KEY_ENCRYPTION_KEY must be set when DATABASE_URL is: 32 random bytes in base64 (`openssl rand -base64 32`), kept as safely as the database password; it seals the DKIM private keys (with the embedded database it is generated into DATA_DIR)',
    );
  }
  if (e.problems.length > 0) throw new ConfigError(e.problems);
  return config;
}
