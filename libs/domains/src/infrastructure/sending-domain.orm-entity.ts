import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'sending_domains' })
export class SendingDomainOrmEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'varchar', length: 253 })
  name: string;

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
}
