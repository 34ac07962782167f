import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which mail provider a domain uses (fixed at registration), what the provider keeps about it,
 * where its identity stands (to provision, provisioned, to remove after a delete, released), and
 * the provider's last word. Domains from before all use the built-in provider.
 */
export class DomainProvider1732350006000 implements MigrationInterface {
  name = 'DomainProvider1732350006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sending_domains
        ADD COLUMN provider varchar(16) NOT NULL DEFAULT 'builtin',
        ADD COLUMN provider_identity jsonb,
        ADD COLUMN provider_state varchar(24) NOT NULL DEFAULT 'provisioned'
          CHECK (provider_state IN ('pending', 'provisioned', 'deprovision_pending', 'released')),
        ADD COLUMN provider_status jsonb`);
    await q.query(`UPDATE sending_domains SET provider_identity = '{"provider":"builtin"}',
                          provider_state = CASE WHEN deleted_on IS NULL THEN 'provisioned' ELSE 'released' END`);
    // identities still to remove after a delete (the scheduler retries them)
    await q.query(`CREATE INDEX sending_domains_to_release ON sending_domains (id) WHERE provider_state = 'deprovision_pending'`);
    // registrations sharing one identity at a provider (same name, provider and region)
    await q.query(`CREATE INDEX sending_domains_identity_users ON sending_domains (name, provider) WHERE deleted_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sending_domains_identity_users`);
    await q.query(`DROP INDEX sending_domains_to_release`);
    await q.query(`ALTER TABLE sending_domains DROP COLUMN provider, DROP COLUMN provider_identity, DROP COLUMN provider_state, DROP COLUMN provider_status`);
  }
}
