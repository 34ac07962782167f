import type { DomainSettings, RecordOptions } from '../domain/domain-options.js';
import type { DomainStatus } from '../domain/domain-status.js';
import type { ProviderState, SendingDomain } from '../domain/sending-domain.entity.js';

/** What other modules and the API surfaces read about a domain. */
export interface DomainView {
  id: number;
  accountId: string;
  /** the name as stored: punycode for an IDN */
  domain: string;
  /** the name in Unicode */
  displayName: string;
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
  description: string | null;
  externalId: string | null;
  metadata: Record<string, string>;
  isDefault: boolean;
  region: string | null;
  settings: DomainSettings;
  options: RecordOptions;
  suspension: { reason: string | null; at: Date } | null;
  createdBy: string | null;
  provider: string;
  providerIdentity: Record<string, unknown> | null;
  providerState: ProviderState;
  providerStatus: Record<string, unknown> | null;
}

export function toDomainView(domain: SendingDomain): DomainView {
  const { name, status, version: _version, checkAttempts: _attempts, ...s } = domain.snapshot();
  return { ...s, domain: name, status, isValid: status === 'active', metadata: { ...s.metadata }, settings: { ...s.settings }, options: { ...s.options } };
}
