import path from 'node:path';
import { parseDnsServers } from '#verification';

/** Everything the service reads from its environment (DESIGN.md §6), validated once at start. */
export interface AppConfig {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminApiKey: string | undefined;
  providerDnsZone: string;
  /** `ip[:port]` entries; empty = the system's resolvers */
  dnsServers: string[];
  dnsTimeoutMs: number;
  dnsTries: number;
  verification: {
    tickSeconds: number;
    retryBaseSeconds: number;
    windowHours: number;
    recheckHours: number;
    concurrency: number;
    /** the scheduler runs only when true (tests switch it off unless they test it) */
    schedulerEnabled: boolean;
  };
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'text' | 'json';
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function dnsServers(env: NodeJS.ProcessEnv): string[] {
  try {
    return parseDnsServers(env.DNS_SERVERS);
  } catch (error) {
    throw new ConfigError(`DNS_SERVERS: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info') as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, got "${logLevel}"`);
  }
  const logFormat = (text(env, 'LOG_FORMAT') ?? 'text') as AppConfig['logFormat'];
  if (!['text', 'json'].includes(logFormat)) throw new ConfigError(`LOG_FORMAT must be text or json, got "${logFormat}"`);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl: text(env, 'DATABASE_URL'),
    dataDir: path.resolve(text(env, 'DATA_DIR') ?? './.data'),
    adminApiKey: text(env, 'ADMIN_API_KEY'),
    providerDnsZone: (text(env, 'PROVIDER_DNS_ZONE') ?? 'email.cmtest.nl').replace(/\.$/, '').toLowerCase(),
    dnsServers: dnsServers(env),
    dnsTimeoutMs: int(env, 'DNS_TIMEOUT_MS', 2000, 1, 60_000),
    dnsTries: int(env, 'DNS_TRIES', 2, 1, 10),
    verification: {
      tickSeconds: positive(env, 'VERIFICATION_TICK_SECONDS', 60),
      retryBaseSeconds: positive(env, 'VERIFICATION_RETRY_BASE_SECONDS', 60),
      windowHours: positive(env, 'VERIFICATION_WINDOW_HOURS', 72),
      recheckHours: positive(env, 'VERIFICATION_RECHECK_HOURS', 24),
      concurrency: int(env, 'VERIFICATION_CONCURRENCY', 20, 1, 1000),
      schedulerEnabled: (text(env, 'VERIFICATION_SCHEDULER') ?? 'on') !== 'off',
    },
    smtpUrl: text(env, 'SMTP_URL'),
    smtpFrom: text(env, 'SMTP_FROM') ?? 'Sending domains <no-reply@localhost>',
    logLevel,
    logFormat,
  };
}
