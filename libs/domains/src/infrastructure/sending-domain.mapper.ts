import type { DomainStatus } from '../domain/domain-status.js';
import { type ProviderState, SendingDomain, type SendingDomainState } from '../domain/sending-domain.entity.js';
import type { SendingDomainOrmEntity } from './sending-domain.orm-entity.js';

/** Every column the domain's state is stored in: all of them but the scheduler's lease. */
export const STATE_COLUMNS = [
  'id', 'accountId', 'name', 'displayName', 'emailAddress', 'status', 'statusChangedAt', 'createdOn', 'modifiedOn', 'deletedOn',
  'consecutiveFailures', 'checkAttempts', 'lastCheckedAt', 'verifiedAt', 'nextCheckAt', 'version', 'description', 'externalId',
  'metadata', 'isDefault', 'region', 'settings', 'trackingPrefix', 'mailFromSubdomain', 'receiving', 'ownershipToken', 'spf',
  'dmarc', 'suspensionReason', 'suspendedAt', 'createdBy', 'provider', 'providerIdentity', 'providerState', 'providerStatus',
] as const satisfies readonly (keyof SendingDomainOrmEntity)[];

/** A stored row with the state's columns (the lease is never part of it). */
export type SendingDomainRow = Pick<SendingDomainOrmEntity, (typeof STATE_COLUMNS)[number]>;

/**
 * The one mapping between the `sending_domains` table and the aggregate's state. The lease
 * (`lease_until`) is not part of the state: only the scheduler's claim, its renewal and the
 * verification write touch it, so no other update can drop a claim.
 */
export const SendingDomainMapper = {
  toState(row: SendingDomainRow): SendingDomainState {
    return {
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
      providerIdentity: row.providerIdentity,
      providerState: row.providerState as ProviderState,
      providerStatus: row.providerStatus,
    };
  },

  toDomain(row: SendingDomainRow): SendingDomain {
    return SendingDomain.restore(SendingDomainMapper.toState(row));
  },

  toRow(domain: SendingDomain): SendingDomainRow {
    const { options, suspension, ...s } = domain.snapshot();
    return { ...s, ...options, suspensionReason: suspension?.reason ?? null, suspendedAt: suspension?.at ?? null };
  },
};
