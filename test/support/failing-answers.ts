import type { TestApp } from './app.js';

/**
 * Makes storing the answer of a request with this Idempotency-Key fail, as a connection lost at
 * that moment would (SQLSTATE 08006): a trigger refuses the row's update that stores the answer,
 * while the claim, its renewal and its release go through. Answers the function that removes it.
 */
export async function failAnswerOf(t: TestApp, key: string): Promise<() => Promise<void>> {
  const name = `fail_answer_${key.replace(/[^a-z0-9]/gi, '_')}`;
  await t.sql(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN RAISE EXCEPTION 'storing the answer of % failed (test)', NEW.key USING ERRCODE = '08006'; END $fn$`,
  );
  await t.sql(
    `CREATE TRIGGER ${name} BEFORE UPDATE ON idempotency_keys FOR EACH ROW
     WHEN (NEW.key = '${key.replace(/'/g, "''")}' AND NEW.status IS NOT NULL) EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await t.sql(`DROP TRIGGER ${name} ON idempotency_keys`);
    await t.sql(`DROP FUNCTION ${name}()`);
  };
}

/**
 * Sends a request whose answer cannot be stored (failAnswerOf) and checks it gets the service's
 * 503 with Retry-After, never a 500; the trigger is removed whatever happens.
 */
export async function expectAnswerNotStored(t: TestApp, key: string, send: () => PromiseLike<{ status: number; headers: Record<string, string>; body: unknown }>): Promise<void> {
  const restore = await failAnswerOf(t, key);
  try {
    const failed = await send();
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(failed.body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  } finally {
    await restore();
  }
}
