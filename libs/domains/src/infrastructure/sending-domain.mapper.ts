import type { DomainStatus } from '../domain/domain-status.js';
import { type ProviderState, SendingDomain } from '../domain/sending-domain.entity.js';
import { SendingDomainOrmEntity } from './sending-domain.orm-entity.js';

export const SendingDomainMapper = {
  toDomain(row: SendingDomainOrmEntity): SendingDomain {
    return SendingDomain.restore({
      id: row.id,
      accountId: row.accountId,
      name: row.name,
      displayName: row.displayName,
      emailAddress: row.emailAddress,
      status: row.status as DomainStatus,
      statusChangedAt: row.statusChangedAt,
      createdOn: row.createdOn,
      modifiedOn: row.modifiedOn,
      deletedOn: row.deletedOn,
      consecutiveFailures: row.consecutiveFailures,
      checkAttempts: row.checkAttempts,
      lastCheckedAt: row.lastCheckedAt,
      verifiedAt: row.verifiedAt,
      nextCheckAt: row.nextCheckAt,
      version: row.version,
      description: row.description,
      externalId: row.externalId,
      metadata: row.metadata,
      isDefault: row.isDefault,
      region: row.region,
      settings: row.settings,
      options: {
        trackingPrefix: row.trackingPrefix,
        mailFromSubdomain: row.mailFromSubdomain,
        receiving: row.receiving,
        ownershipToken: row.ownershipToken,
        spf: row.spf,
        dmarc: row.dmarc,
      },
      suspension: row.suspendedAt ? { reason: row.suspensionReason, at: row.suspendedAt } : null,
      createdBy: row.createdBy,
      provider: row.provider,
      providerIdentity: row.providerIdentity as Record<string, unknown> | null,
      providerState: row.providerState as ProviderState,
      providerStatus: row.providerStatus as Record<string, unknown> | null,
    });
  },

  toOrm(domain: SendingDomain): SendingDomainOrmEntity {
    const { options, suspension, ...s } = domain.snapshot();
    return Object.assign(new SendingDomainOrmEntity(), s, options, {
      suspensionReason: suspension?.reason ?? null,
      suspendedAt: suspension?.at ?? null,
      leaseUntil: null,
    });
  },
};
