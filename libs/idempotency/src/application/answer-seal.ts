import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** How a sealed answer is stored (a JSON value no answer of ours has). */
interface Sealed {
  $sealed: 1;
  iv: string;
  tag: string;
  data: string;
}

const isSealed = (value: unknown): value is Sealed => typeof value === 'object' && value !== null && (value as { $sealed?: unknown }).$sealed === 1;

/**
 * Stored answers are encrypted (AES-256-GCM) under a key derived (HKDF-SHA256) from the API key
 * that sent the request and the Idempotency-Key: an answer can hold a secret (a new API key is
 * shown once, in its answer), and the database must not. Only the same API key, which the service
 * never stores (only its hash), can open it, and a replay is only ever for that key.
 */
export class AnswerSeal {
  private readonly key: Buffer;

  constructor(apiKey: string, idempotencyKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', apiKey, idempotencyKey, 'sds idempotency answer v1', 32));
  }

  seal(body: unknown): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(body ?? null), 'utf8'), cipher.final()]);
    return { $sealed: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** The body, or undefined when it cannot be opened with this key (never for the key that sealed it). */
  open(stored: unknown): unknown {
    if (!isSealed(stored)) return stored; // kept before answers were sealed
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(stored.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]).toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
}
