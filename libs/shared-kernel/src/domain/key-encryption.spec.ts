import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { KeyEncryption, kekId, parseKek } from './key-encryption.js';

/** Opens a sealed key with Python's `cryptography` (OpenSSL's AESGCM through another binding), when it is there. */
function openWithPython(kek: Buffer, sealed: string, context: string): string | undefined {
  const script = [
    'import base64,sys',
    'from cryptography.hazmat.primitives.ciphers.aead import AESGCM',
    'k=base64.b64decode(sys.argv[1]); raw=base64.b64decode(sys.argv[2])',
    'print(AESGCM(k).decrypt(raw[:12], raw[12:], sys.argv[3].encode()).decode())',
  ].join('\n');
  try {
    return execFileSync('python3', ['-c', script, kek.toString('base64'), sealed, context], { encoding: 'utf8' }).trim();
  } catch (error) {
    if (/No module named|ENOENT/.test(String((error as { stderr?: unknown }).stderr ?? error))) return undefined;
    throw error;
  }
}

describe('KeyEncryption (AES-256-GCM envelope of DKIM private keys)', () => {
  const kek = randomBytes(32);

  it('seals and opens, binding the key to its row', () => {
    const box = new KeyEncryption(kek);
    const sealed = box.seal(Buffer.from('-----BEGIN PRIVATE KEY-----'), 'acct:cm1');
    expect(sealed.kekId).toBe(kekId(kek));
    expect(box.open(sealed, 'acct:cm1').toString()).toBe('-----BEGIN PRIVATE KEY-----');
    expect(() => box.open(sealed, 'other:cm1')).toThrow(); // copied onto another row: does not open
    const tampered = Buffer.from(sealed.sealed, 'base64');
    tampered[20] = tampered[20]! ^ 1;
    expect(() => box.open({ ...sealed, sealed: tampered.toString('base64') }, 'acct:cm1')).toThrow();
  });

  it('a fresh IV each time: the same key never seals to the same text', () => {
    const box = new KeyEncryption(kek);
    expect(box.seal(Buffer.from('x'), 'c').sealed).not.toBe(box.seal(Buffer.from('x'), 'c').sealed);
  });

  it('opens what a previous KEK sealed, and says which KEK is missing otherwise', () => {
    const old = randomBytes(32);
    const sealed = new KeyEncryption(old).seal(Buffer.from('secret'), 'c');
    expect(new KeyEncryption(kek, [old]).open(sealed, 'c').toString()).toBe('secret');
    expect(() => new KeyEncryption(kek).open(sealed, 'c')).toThrow(new RegExp(`${kekId(old)} .* not configured`));
  });

  it('what it seals is standard AES-256-GCM (iv ‖ ciphertext ‖ tag, the context as AAD): another implementation opens it', () => {
    const sealed = new KeyEncryption(kek).seal(Buffer.from('opened elsewhere'), 'acct:cm2');
    const opened = openWithPython(kek, sealed.sealed, 'acct:cm2');
    if (opened === undefined) return; // python3-cryptography absent: the round trip above still holds
    expect(opened).toBe('opened elsewhere');
  });

  it('parses a KEK in base64 and names what is wrong', () => {
    expect(parseKek(randomBytes(32).toString('base64'))).toHaveLength(32);
    expect(() => parseKek(randomBytes(16).toString('base64'))).toThrow('must be 32 bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`), got 16 bytes');
    expect(() => parseKek('not base64!')).toThrow(/got no base64/);
  });
});
