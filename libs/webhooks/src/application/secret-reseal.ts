import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { KeyEncryption, UnitOfWork } from '#shared-kernel';
import { EndpointRepository } from '../domain/endpoint.repository.port.js';
import { secretContext } from '../domain/webhook-endpoint.js';

const BATCH = 200;

/**
 * At start, seals again under the current key-encryption key the endpoint secrets a former one
 * (DKIM_KEY_ENCRYPTION_KEY_PREVIOUS) sealed, so that variable can go once a start has run. A
 * secret no configured key opens is left as it is and named in the log: its deliveries fail.
 */
@Injectable()
export class WebhookSecretReseal implements OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly endpoints: EndpointRepository,
    @Inject(KeyEncryption) private readonly encryption: KeyEncryption,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // each endpoint once: one changed meanwhile (rotated) is the rotation's, and one that fails stays as it is
    const seen = new Set<string>();
    for (;;) {
      const rows = (await this.endpoints.sealedElsewhere(this.encryption.currentId, BATCH + seen.size)).filter((r) => !seen.has(r.id));
      if (rows.length === 0) break;
      for (const row of rows) {
        seen.add(row.id);
        const context = secretContext(row.id);
        try {
          const again = (key: typeof row.secret) => (key.kekId === this.encryption.currentId ? key : this.encryption.seal(this.encryption.open(key, context), context));
          const after = { secret: again(row.secret), previousSecret: row.previousSecret ? again(row.previousSecret) : null };
          await this.unitOfWork.run(() => this.endpoints.resealed(row.id, row, after));
        } catch (error) {
          this.logger.error(`The secret of webhook endpoint ${row.id} could not be sealed again: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
}
