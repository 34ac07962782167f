import { createRequire } from 'node:module';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { EXAMPLE_MESSAGE, EXAMPLE_PRIVATE_KEY, EXAMPLE_PUBLIC_KEY, EXAMPLE_SIGNATURE } from './dkim.examples.js';

const require = createRequire(import.meta.url);
const { dkimVerify } = require('mailauth/lib/dkim/verify') as {
  dkimVerify: (input: Buffer, options: { resolver: (name: string, type: string) => Promise<string[][]>; curTime?: Date }) => Promise<{ results: { status: { result: string } }[] }>;
};

describe('the DKIM examples in the OpenAPI document', () => {
  it('are one key pair', () => {
    const derived = createPublicKey(createPrivateKey(EXAMPLE_PRIVATE_KEY)).export({ type: 'spki', format: 'der' }).toString('base64');
    expect(derived).toBe(EXAMPLE_PUBLIC_KEY);
  });

  it('show a signature that verifies with the example public key', async () => {
    const looked: string[] = [];
    const resolver = async (name: string) => {
      looked.push(name);
      return [[`v=DKIM1; k=rsa; p=${EXAMPLE_PUBLIC_KEY}`]];
    };
    const { results } = await dkimVerify(Buffer.from(EXAMPLE_SIGNATURE + EXAMPLE_MESSAGE), { resolver, curTime: new Date('2026-12-01T10:00:05Z') });
    expect(results.map((r) => r.status.result)).toEqual(['pass']);
    expect(looked).toEqual(['cm1903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com']);
  });
});
