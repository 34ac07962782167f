import { inspect } from 'node:util';
import { parseTsigKey } from './tsig-key.js';

const SECRET_256 = Buffer.alloc(32, 1).toString('base64');
const SECRET_512 = Buffer.alloc(64, 2).toString('base64');

describe('parseTsigKey (nsupdate -y form)', () => {
  it.each([
    [`hmac-sha256:sds-publisher:${SECRET_256}`, 'sds-publisher', 'hmac-sha256', 32],
    [`HMAC-SHA256.:Sds-Publisher.:${SECRET_256}`, 'sds-publisher', 'hmac-sha256', 32],
    [`hmac-sha512:publisher.email.example.net:${SECRET_512}`, 'publisher.email.example.net', 'hmac-sha512', 64],
    [` hmac-sha512.:k_1:${SECRET_512} `, 'k_1', 'hmac-sha512', 64],
  ])('reads %s', (text, name, algorithm, length) => {
    const key = parseTsigKey(text);
    expect(key).toMatchObject({ name, algorithm });
    expect(key.secret()).toHaveLength(length);
  });

  it.each([
    ['', /empty/],
    [`sds-publisher:${SECRET_256}`, /names no algorithm \(nsupdate would take hmac-md5/],
    [`hmac-sha256:a:b:${SECRET_256}`, /4 colon-separated fields instead of 3/],
    [`hmac-md5:sds-publisher:${SECRET_256}`, /algorithm \(its first field\) is not supported: use hmac-sha256 or hmac-sha512/],
    [`hmac-sha256::${SECRET_256}`, /name \(its second field\) is not a DNS name/],
    [`hmac-sha256:bad name:${SECRET_256}`, /name \(its second field\)/],
    ['hmac-sha256:sds-publisher:not*base64', /secret \(its third field\) is not base64/],
    ['hmac-sha256:sds-publisher:', /secret \(its third field\) is not base64/],
    ['hmac-sha256:sds-publisher:c2hvcnQ=', /5 bytes: too short to be safe \(tsig-keygen -a hmac-sha256 makes one of 32\)/],
  ])('refuses "%s" in words', (text, message) => {
    expect(() => parseTsigKey(text)).toThrow(message);
  });

  it('never repeats the text in an error, whichever field the secret ended up in', () => {
    const secret = 'U2VjcmV0U2VjcmV0U2VjcmV0U2VjcmV0';
    for (const text of [`${secret}:sds-publisher:hmac-sha256`, `hmac-sha256:${secret}+/=:x`, `x:${secret}`, `${secret}`]) {
      expect(() => parseTsigKey(text)).toThrow();
      try {
        parseTsigKey(text);
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });

  it('keeps the secret out of JSON and util.inspect', () => {
    const key = parseTsigKey(`hmac-sha256:sds-publisher:${SECRET_256}`);
    expect(JSON.stringify({ key })).toBe('{"key":{"name":"sds-publisher","algorithm":"hmac-sha256"}}');
    expect(inspect(key, { depth: 5, showHidden: true })).not.toContain(SECRET_256);
    expect(inspect(key, { depth: 5, showHidden: true })).not.toContain(Buffer.alloc(32, 1).toString('hex').slice(0, 8));
    expect(Object.values(key)).not.toContainEqual(Buffer.alloc(32, 1));
  });
});
