import type { DomainStatus } from '../domain/domain-status.js';
import { SendingDomain } from '../domain/sending-domain.entity.js';
import { SendingDomainOrmEntity } from './sending-domain.orm-entity.js';

export const SendingDomainMapper = {
  toDomain(row: SendingDomainOrmEntity): SendingDomain {
    return SendingDomain.restore({
      id: row.id,
      accountId: row.accountId,
      name: row.name,
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
    });
  },

  toOrm(domain: SendingDomain): SendingDomainOrmEntity {
    return Object.assign(new SendingDomainOrmEntity(), domain.snapshot(), { leaseUntil: null });
  },
};
