import { DomainError, type RecordOptions } from '#shared-kernel';

export type { RecordOptions };

/** Settings stored for the sending system to read (seed 003's domain settings). */
export interface DomainSettings {
  requireTls: boolean;
  spamAction: 'disabled' | 'tag' | 'block';
  webScheme: 'http' | 'https';
}
export const SPAM_ACTIONS = ['disabled', 'tag', 'block'] as const;
export const WEB_SCHEMES = ['http', 'https'] as const;
export const DEFAULT_SETTINGS: DomainSettings = { requireTls: false, spamAction: 'disabled', webScheme: 'https' };

/** What a seed-000 registration gets: the three CNAMEs only. */
export const SEED_RECORD_OPTIONS: RecordOptions = { trackingPrefix: null, mailFromSubdomain: null, receiving: false, ownershipToken: null, spf: false, dmarc: false };

export const LIMITS = { description: 500, externalId: 200, metadataKeys: 50, metadataBytes: 8 * 1024, metadataKey: 100 } as const;

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field, errors: [{ field, message }] });
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A single DNS label (letters, digits, inner hyphens), lower-cased: a tracking prefix. */
export function parseLabel(field: string, value: unknown): string {
  const label = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!LABEL.test(label)) throw invalid(field, `${field} must be a DNS label: 1-63 letters, digits or inner hyphens, like "email"`);
  return label;
}

/** One or more DNS labels below the domain (`bounce`, `mail.bounce`): a MAIL FROM subdomain. */
export function parseSubdomain(field: string, value: unknown): string {
  const name = typeof value === 'string' ? value.trim().toLowerCase().replace(/\.$/, '') : '';
  if (!name || !name.split('.').every((label) => LABEL.test(label))) {
    throw invalid(field, `${field} must be a subdomain name of DNS labels (letters, digits, inner hyphens), like "bounce"`);
  }
  return name;
}

/** Optional text: trimmed, at most `max` characters, empty → null. */
export function parseText(field: string, value: unknown, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string`);
  const text = value.trim();
  if (text.length > max) throw invalid(field, `${field} must be at most ${max} characters long`);
  return text === '' ? null : text;
}

/** A flat map of strings: at most 50 keys of at most 100 characters, 8 kB in all. */
export function parseMetadata(value: unknown): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('metadata', 'metadata must be an object of string values');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > LIMITS.metadataKeys) throw invalid('metadata', `metadata may have at most ${LIMITS.metadataKeys} keys`);
  for (const [key, item] of entries) {
    if (key === '' || key.length > LIMITS.metadataKey) throw invalid(`metadata.${key}`, `metadata keys must be 1-${LIMITS.metadataKey} characters long`);
    if (typeof item !== 'string') throw invalid(`metadata.${key}`, `metadata.${key} must be a string (metadata is a flat map of strings)`);
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > LIMITS.metadataBytes) throw invalid('metadata', `metadata must be at most ${LIMITS.metadataBytes / 1024} kB`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Settings, each optional, merged over `base`. */
export function parseSettings(value: unknown, base: DomainSettings = DEFAULT_SETTINGS): DomainSettings {
  if (value === null || value === undefined) return { ...base };
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('settings', 'settings must be an object');
  const s = value as Partial<Record<keyof DomainSettings, unknown>>;
  const settings = { ...base };
  if (s.requireTls !== undefined) {
    if (typeof s.requireTls !== 'boolean') throw invalid('settings.requireTls', 'settings.requireTls must be a boolean');
    settings.requireTls = s.requireTls;
  }
  if (s.spamAction !== undefined) {
    if (!(SPAM_ACTIONS as readonly unknown[]).includes(s.spamAction)) throw invalid('settings.spamAction', `settings.spamAction must be one of ${SPAM_ACTIONS.join(', ')}`);
    settings.spamAction = s.spamAction as DomainSettings['spamAction'];
  }
  if (s.webScheme !== undefined) {
    if (!(WEB_SCHEMES as readonly unknown[]).includes(s.webScheme)) throw invalid('settings.webScheme', `settings.webScheme must be one of ${WEB_SCHEMES.join(', ')}`);
    settings.webScheme = s.webScheme as DomainSettings['webScheme'];
  }
  return settings;
}

/** An AWS-style region name (`us-east-1`, `eu-west-2`). */
export function parseRegion(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(value.trim())) {
    throw invalid('region', 'region must be a region name like "us-east-1" or "eu-west-1"');
  }
  return value.trim();
}
