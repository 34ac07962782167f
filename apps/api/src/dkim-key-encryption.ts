import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeyEncryption, parseKek } from '#shared-kernel';
import type { AppConfig } from './config.js';

/** Where the embedded database's service keeps its generated key-encryption key (as `pg-password`). */
export const GENERATED_KEK_FILE = 'dkim-kek';

/**
 * The key-encryption keys that seal the DKIM private keys: DKIM_KEY_ENCRYPTION_KEY (and the
 * previous ones), or, with the embedded database and no variable, a key generated once into
 * DATA_DIR (mode 0600), next to the database it protects. With DATABASE_URL the variable is
 * required (the configuration says so before anything starts).
 */
export function keyEncryptionOf(config: AppConfig): KeyEncryption {
  const previous = config.dkim.previousEncryptionKeys.map(parseKek);
  if (config.dkim.encryptionKey) return new KeyEncryption(parseKek(config.dkim.encryptionKey), previous);
  if (config.databaseUrl) throw new Error('DKIM_KEY_ENCRYPTION_KEY must be set when DATABASE_URL is');
  const file = path.join(config.dataDir, GENERATED_KEK_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // another start wrote it first: use that one
    }
  }
  return new KeyEncryption(parseKek(readFileSync(file, 'utf8')), previous);
}
