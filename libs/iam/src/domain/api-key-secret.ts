import { createHash, randomBytes } from 'node:crypto';

/** A new random key: `sds_` + 43 base64url characters (256 bits). */
export function generateApiKeySecret(): string {
  return `sds_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, 10);
}
