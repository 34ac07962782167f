import { Webhook } from 'standardwebhooks';
import { derivedEventId, generateSecret, secretKey, signatureHeader, webhookId } from './signature.js';

/** Checked against the `standardwebhooks` library (an implementation we did not write), not only against itself. */
describe('Standard Webhooks signatures', () => {
  const body = Buffer.from('{"type":"domain.verified","timestamp":"2025-03-14T09:27:59.931Z","data":{"id":123,"domain":"bücher.de"}}', 'utf8');
  const now = () => Math.floor(Date.now() / 1000);

  it('a new secret is whsec_ and 32 random bytes, which the library takes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('the library verifies what we sign, body byte for byte (UTF-8 included)', () => {
    const secret = generateSecret();
    const id = webhookId('0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10');
    const ts = now();
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signatureHeader(id, ts, body, [secretKey(secret)]) };
    expect(new Webhook(secret).verify(body.toString('utf8'), headers)).toEqual(JSON.parse(body.toString('utf8')));
    // and refuses it with another secret, another id, or a changed body
    expect(() => new Webhook(generateSecret()).verify(body.toString('utf8'), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.toString('utf8'), { ...headers, 'webhook-id': 'msg_other' })).toThrow();
    expect(() => new Webhook(secret).verify(body.toString('utf8').replace('123', '124'), headers)).toThrow();
  });

  it('our signature equals the library\'s own for the same id, time and body', () => {
    const secret = generateSecret();
    const id = webhookId('3c1e0f1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b');
    const ts = now();
    const theirs = new Webhook(secret).sign(id, new Date(ts * 1000), body.toString('utf8'));
    expect(signatureHeader(id, ts, body, [secretKey(secret)])).toBe(theirs);
  });

  it('during an overlap both signatures are sent, and either secret verifies', () => {
    const [old, current] = [generateSecret(), generateSecret()];
    const id = webhookId('5d2c7a9e-1f3b-4c8d-9e0a-6b7c8d9e0f1a');
    const ts = now();
    const header = signatureHeader(id, ts, body, [secretKey(current), secretKey(old)]);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': header };
    expect(() => new Webhook(current).verify(body.toString('utf8'), headers)).not.toThrow();
    expect(() => new Webhook(old).verify(body.toString('utf8'), headers)).not.toThrow();
  });

  it('the id is the event id, with no dot to confuse the signed content', () => {
    expect(webhookId('0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10')).toBe('msg_0b9d6a4366f54c5e9d435b1b8e2c7f10');
  });

  it('an event made from another has an id of its own, the same every time', () => {
    const source = '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10';
    const id = derivedEventId(source, 'domain.verified');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedEventId(source, 'domain.verified')).toBe(id);
    expect(derivedEventId(source, 'domain.failed')).not.toBe(id);
  });
});
