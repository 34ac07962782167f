import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProviderIdentity, ProviderName, StoredProviderStatus } from '#mail-providers';
import type { DomainSettings } from '../domain/domain-options.js';

@Entity({ name: 'sending_domains' })
export class SendingDomainOrmEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'varchar', length: 253 })
  name: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'email_address', type: 'varchar', length: 320, nullable: true })
  emailAddress: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;

  @Column({ name: 'created_on', type: 'timestamptz' })
  createdOn: Date;

  @Column({ name: 'modified_on', type: 'timestamptz', nullable: true })
  modifiedOn: Date | null;

  @Column({ name: 'deleted_on', type: 'timestamptz', nullable: true })
  deletedOn: Date | null;

  @Column({ name: 'consecutive_failures', type: 'integer' })
  consecutiveFailures: number;

  @Column({ name: 'check_attempts', type: 'integer' })
  checkAttempts: number;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'jsonb' })
  metadata: Record<string, string>;

  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  region: string | null;

  @Column({ type: 'jsonb' })
  settings: DomainSettings;

  @Column({ name: 'tracking_prefix', type: 'varchar', length: 63, nullable: true })
  trackingPrefix: string | null;

  @Column({ name: 'mail_from_subdomain', type: 'varchar', length: 253, nullable: true })
  mailFromSubdomain: string | null;

  @Column({ type: 'boolean' })
  receiving: boolean;

  @Column({ name: 'ownership_token', type: 'varchar', length: 100, nullable: true })
  ownershipToken: string | null;

  @Column({ type: 'boolean' })
  spf: boolean;

  @Column({ type: 'boolean' })
  dmarc: boolean;

  @Column({ name: 'suspension_reason', type: 'varchar', length: 500, nullable: true })
  suspensionReason: string | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_identity', type: 'jsonb', nullable: true })
  providerIdentity: ProviderIdentity | null;

  @Column({ name: 'provider_state', type: 'varchar', length: 24 })
  providerState: string;

  @Column({ name: 'provider_status', type: 'jsonb', nullable: true })
  providerStatus: StoredProviderStatus | null;
}
