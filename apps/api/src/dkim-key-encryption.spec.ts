import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from './config.js';
import { GENERATED_KEK_FILE, keyEncryptionOf } from './dkim-key-encryption.js';

describe('the key-encryption key of the DKIM private keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sds-kek-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with the embedded database and no variable: generated once into DATA_DIR (mode 0600), the same at the next start', () => {
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data') });
    const first = keyEncryptionOf(config);
    const file = path.join(dir, 'data', GENERATED_KEK_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const sealed = first.seal(Buffer.from('key'), 'c');
    expect(keyEncryptionOf(config).open(sealed, 'c').toString()).toBe('key');
  });

  it('DKIM_KEY_ENCRYPTION_KEY wins, and nothing is written', () => {
    const kek = Buffer.alloc(32, 3).toString('base64');
    const box = keyEncryptionOf(loadConfig({ DATA_DIR: path.join(dir, 'data'), DKIM_KEY_ENCRYPTION_KEY: kek }));
    expect(box.seal(Buffer.from('x'), 'c').kekId).toBe(box.currentId);
    expect(() => statSync(path.join(dir, 'data', GENERATED_KEK_FILE))).toThrow();
  });
});
