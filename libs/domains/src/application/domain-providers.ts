import { Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  DeprovisionIdentityCommand,
  GetProviderRecordsQuery,
  GetProvidersQuery,
  type IdentityRequest,
  ProviderError,
  type ProviderIdentity,
  type ProviderName,
  type ProviderRecords,
  ProvisionIdentityCommand,
  type StoredProviderStatus,
} from '#mail-providers';
import { DomainError, type RecordOptions, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../domain/sending-domain.repository.port.js';

/** What the provider needs to know of a domain. */
export function identityRequest(d: { id: number; name: string; accountId: string; region: string | null; options: Pick<RecordOptions, 'mailFromSubdomain'> }): IdentityRequest {
  return { domainId: d.id, domain: d.name, accountId: d.accountId, region: d.region, mailFromSubdomain: d.options.mailFromSubdomain };
}

/**
 * The domains module's dealings with the mail-providers module, through its commands and queries:
 * which provider a registration gets, provisioning (outside any transaction, errors kept, never
 * thrown), the records and hosts a provider needs, and releasing a deleted domain's identity
 * unless another live registration still uses it.
 */
@Injectable()
export class DomainProviders {
  private readonly logger = new Logger('DomainProviders');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The provider a registration names (must be configured), or the default (MAIL_PROVIDER). */
  async choose(requested: unknown): Promise<ProviderName> {
    const { names, defaultName } = await this.queryBus.execute(new GetProvidersQuery());
    if (requested === undefined || requested === null) return defaultName;
    if (typeof requested !== 'string' || !(names as string[]).includes(requested)) {
      const known = requested === 'builtin' || requested === 'ses';
      throw new DomainError(
        'VALIDATION_FAILED',
        known ? `provider "${requested}" is not configured on this service (set AWS_REGION to use SES)` : `provider must be one of ${names.join(', ')}`,
        { field: 'provider' },
      );
    }
    return requested as ProviderName;
  }

  /** Sets the domain up at its provider; a provider that cannot be reached is an answer, not a throw. */
  async provision(provider: ProviderName, request: IdentityRequest): Promise<{ identity: ProviderIdentity | null; status: StoredProviderStatus | null }> {
    try {
      return { identity: await this.commandBus.execute(new ProvisionIdentityCommand(provider, request)), status: null };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.logger.warn(`Provisioning ${request.domain} at ${provider} failed: ${error.message}; retried at its next check`);
      const message = error.retryable
        ? `${error.message}. The domain is registered; setting it up at the provider is retried automatically.`
        : `${error.message}. The domain is registered; setting it up at the provider is retried at every check.`;
      return { identity: null, status: { error: message, errorType: error.errorType, checkedAt: new Date().toISOString() } };
    }
  }

  /** The provider's records for the domain (none of its own before it is provisioned) and its hosts. */
  async profile(provider: ProviderName, identity: ProviderIdentity | null, request: IdentityRequest): Promise<ProviderRecords> {
    return this.queryBus.execute(new GetProviderRecordsQuery(provider, identity, request));
  }

  /**
   * After a delete has committed: removes the deleted domain's identity at its provider, unless
   * another live registration (same name and provider) still uses it, and marks it released.
   * True when it is released (or has nothing to release), false when the provider could not be
   * reached (the scheduler retries it).
   */
  async releaseDeleted(domainId: number): Promise<boolean> {
    const domain = await this.domains.findAnyById(domainId);
    if (!domain || domain.snapshot().providerState !== 'deprovision_pending') return true;
    const s = domain.snapshot();
    if (!(await this.release(s))) return false; // outside any transaction
    await this.unitOfWork.run(async () => {
      const locked = await this.domains.findAnyById(domainId, { lock: true });
      if (!locked || locked.snapshot().providerState !== 'deprovision_pending') return;
      locked.providerReleased();
      await this.domains.update(locked);
    });
    return true;
  }

  private async release(domain: { id: number; name: string; accountId: string; region: string | null; provider: string; providerIdentity: ProviderIdentity | null; options: Pick<RecordOptions, 'mailFromSubdomain'> }): Promise<boolean> {
    const identity = domain.providerIdentity;
    if (!identity) return true;
    // the provider decides what sharing means (SES keeps an identity another registration of the name uses)
    const users = await this.domains.countIdentityUsers(domain.name, domain.provider, domain.id);
    try {
      await this.commandBus.execute(new DeprovisionIdentityCommand(identity, identityRequest(domain), users));
      return true;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.logger.warn(`Removing the ${domain.provider} identity of ${domain.name} failed: ${error.message}; retried by the scheduler`);
      return false;
    }
  }
}
