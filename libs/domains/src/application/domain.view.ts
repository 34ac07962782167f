import type { DomainStatus } from '../domain/domain-status.js';
import type { SendingDomain } from '../domain/sending-domain.entity.js';

/** What other modules and the API surfaces read about a domain. */
export interface DomainView {
  id: number;
  accountId: string;
  domain: string;
  emailAddress: string | null;
  status: DomainStatus;
  isValid: boolean;
  createdOn: Date;
  modifiedOn: Date | null;
  deletedOn: Date | null;
  statusChangedAt: Date;
  lastCheckedAt: Date | null;
  verifiedAt: Date | null;
  nextCheckAt: Date | null;
  consecutiveFailures: number;
}

export function toDomainView(domain: SendingDomain): DomainView {
  const s = domain.snapshot();
  return {
    id: s.id,
    accountId: s.accountId,
    domain: s.name,
    emailAddress: s.emailAddress,
    status: s.status,
    isValid: s.status === 'active',
    createdOn: s.createdOn,
    modifiedOn: s.modifiedOn,
    deletedOn: s.deletedOn,
    statusChangedAt: s.statusChangedAt,
    lastCheckedAt: s.lastCheckedAt,
    verifiedAt: s.verifiedAt,
    nextCheckAt: s.nextCheckAt,
    consecutiveFailures: s.consecutiveFailures,
  };
}
