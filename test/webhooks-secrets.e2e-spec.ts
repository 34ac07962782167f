/**
 * Endpoint secrets at rest: sealed under the key-encryption key (never readable in the table),
 * sealed again under a new key at the start that names the old one as previous, and still signing
 * the same way afterwards (the library verifies with the secret shown at creation).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ADMIN_KEY, createTestDatabase, startTestApp, TEST_KEK } from './support/app.js';
import { auth } from './support/domains.js';
import { verifyHook, WebhookReceiver } from './support/webhook-receiver.js';

const admin = auth(ADMIN_KEY);
const kekIdOf = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex').slice(0, 16);
const ENV = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

describe('webhook secrets at rest', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('a change of key-encryption key seals the secrets again at start; they sign as before', async () => {
    const databaseUrl = await createTestDatabase();
    const first = await startTestApp({ databaseUrl, env: ENV });
    const made = (await first.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/sealed'), events: ['*'], accountIds: ['*'] }).expect(201)).body;
    await first.http.post(`/api/v1/webhooks/${made.id}/secret/rotate`).set(admin).expect(200); // a previous secret too
    const sealedBefore = await first.sql<{ kek_id: string; previous_kek_id: string; secret: string }>('SELECT kek_id, previous_kek_id, secret FROM webhook_endpoints');
    expect(sealedBefore).toEqual([{ kek_id: kekIdOf(TEST_KEK), previous_kek_id: kekIdOf(TEST_KEK), secret: expect.not.stringContaining(made.secret.slice(6, 20)) }]);
    await first.close();

    const newKek = randomBytes(32).toString('base64');
    const second = await startTestApp({ databaseUrl, env: { ...ENV, DKIM_KEY_ENCRYPTION_KEY: newKek, DKIM_KEY_ENCRYPTION_KEY_PREVIOUS: TEST_KEK } });
    try {
      expect(await second.sql('SELECT kek_id, previous_kek_id FROM webhook_endpoints')).toEqual([{ kek_id: kekIdOf(newKek), previous_kek_id: kekIdOf(newKek) }]);
      const tested = await second.http.post(`/api/v1/webhooks/${made.id}/test`).set(admin).expect(200);
      expect(tested.body.status).toBe('delivered');
      // the secret shown at creation still verifies (it is the previous one now, within its overlap)
      const hook = receiver.at('/sealed').at(-1)!;
      expect(() => verifyHook(hook, made.secret)).not.toThrow();
    } finally {
      await second.close();
    }
  });
});
