import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A secret as stored (a DKIM private key, a webhook secret): AES-256-GCM under a key-encryption key, named by that key's id. */
export interface SealedKey {
  /** first 8 bytes of SHA-256 of the key-encryption key, hex: which KEK opens it */
  kekId: string;
  /** base64 of iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes) */
  sealed: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The id of a key-encryption key (never the key): lets a stored key say which KEK sealed it. */
export function kekId(kek: Buffer): string {
  return createHash('sha256').update(kek).digest('hex').slice(0, 16);
}

/** A 32-byte key-encryption key from its base64 form; throws a message naming what is wrong. */
export function parseKek(base64: string): Buffer {
  const text = base64.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`must be 32 bytes in base64 (44 characters, e.g. from \`openssl rand -base64 32\`), got ${key.length ? `${key.length} bytes` : 'no base64'}`);
  return key;
}

/**
 * Envelope encryption of the secrets the service keeps (DKIM private keys, webhook secrets):
 * AES-256-GCM with a random 96-bit IV per secret, the secret's own identity (`context`: its
 * account and selector, its endpoint) bound as additional authenticated data, so a sealed secret
 * copied onto another row does not open. `previous` KEKs open what they sealed (for a change
 * of KEK: everything is sealed again under the current one at start).
 */
export class KeyEncryption {
  private readonly current: { id: string; key: Buffer };
  private readonly byId: Map<string, Buffer>;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.current = { id: kekId(current), key: current };
    this.byId = new Map([current, ...previous].map((k) => [kekId(k), k]));
  }

  get currentId(): string {
    return this.current.id;
  }

  seal(plaintext: Buffer, context: string): SealedKey {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { kekId: this.current.id, sealed: Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64') };
  }

  /** The plaintext; throws when no KEK known here sealed it, or it was changed. */
  open(key: SealedKey, context: string): Buffer {
    const kek = this.byId.get(key.kekId);
    if (!kek) throw new Error(`the key-encryption key ${key.kekId} that sealed this key is not configured (DKIM_KEY_ENCRYPTION_KEY / _PREVIOUS)`);
    const raw = Buffer.from(key.sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  }
}
