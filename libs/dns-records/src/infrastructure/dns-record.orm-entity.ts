import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'dns_records' })
export class DnsRecordOrmEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'domain_id', type: 'integer' })
  domainId: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  purpose: string;

  @Column({ type: 'varchar', length: 8 })
  type: string;

  @Column({ type: 'varchar', length: 253 })
  host: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'smallint', nullable: true })
  priority: number | null;

  @Column({ type: 'boolean' })
  required: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'is_valid', type: 'boolean' })
  isValid: boolean;

  @Column({ name: 'found_values', type: 'jsonb' })
  foundValues: string[];

  @Column({ type: 'text', nullable: true })
  diagnosis: string | null;

  @Column({ name: 'suggested_value', type: 'text', nullable: true })
  suggestedValue: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  @Column({ name: 'check_attempts', type: 'integer' })
  checkAttempts: number;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
