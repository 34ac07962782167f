import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'dkim_keys' })
export class DkimKeyOrmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'varchar', length: 8 })
  selector: string;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  @Column({ type: 'varchar', length: 16 })
  algorithm: string;

  @Column({ type: 'integer' })
  bits: number;

  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @Column({ name: 'private_key', type: 'text' })
  privateKey: string;

  @Column({ name: 'kek_id', type: 'varchar' })
  kekId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'active_since', type: 'timestamptz', nullable: true })
  activeSince: Date | null;

  @Column({ name: 'retires_at', type: 'timestamptz', nullable: true })
  retiresAt: Date | null;
}
