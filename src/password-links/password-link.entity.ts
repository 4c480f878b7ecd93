import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { sqlList } from '../database/sql';
import { User } from '../users/user.entity';

/** `setup` creates the first admin; `set-password` lets one person choose their password. */
export const passwordLinkKinds = ['setup', 'set-password'] as const;
export type PasswordLinkKind = (typeof passwordLinkKinds)[number];
/** Why a link stopped working before it expired: it was used, or a newer link of the same kind replaced it. */
export type PasswordLinkClosedWhy = 'used' | 'replaced';

/** A one-time link. The URL holds a secret; only its hash is stored, so a read of the table opens nothing. */
@Entity({ name: 'password_links' })
@Unique('password_links_secret_sha256_key', ['secretSha256'])
@Check('password_links_kind_check', `"kind" IN (${sqlList(passwordLinkKinds)})`)
export class PasswordLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'password_links_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: PasswordLinkKind;

  @Column({ type: 'char', length: 64 })
  secretSha256: string;

  /** The person whose password it sets; null for the setup link (the admin does not exist yet). */
  @Index('password_links_user_id_idx')
  @ForeignKey(() => User, { name: 'password_links_user_id_fkey', onDelete: 'CASCADE' })
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** The admin who made it; null for the setup link and the CLI. */
  @ForeignKey(() => User, { name: 'password_links_created_by_fkey', onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  closedWhy: PasswordLinkClosedWhy | null;
}
