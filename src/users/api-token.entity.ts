import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { User } from './user.entity';

/** How a token came to be: its owner made it, an admin handed out a first one, the operator's CLI, or before this was recorded. */
export const issuedVias = ['self', 'admin', 'cli', 'legacy'] as const;
export type IssuedVia = (typeof issuedVias)[number];

/** Who ended a token: its owner, an admin, the operator's CLI, or its owner replacing a first token. */
export const revokedVias = ['self', 'admin', 'cli', 'replaced'] as const;
export type RevokedVia = (typeof revokedVias)[number];

/** A bearer token. Only its SHA-256 is stored; the token itself is shown once, at creation. */
@Entity({ name: 'api_tokens' })
@Check('api_tokens_issued_via_check', `"issued_via" IN (${sqlList(issuedVias)})`)
@Check('api_tokens_revoked_via_check', `"revoked_via" IN (${sqlList(revokedVias)})`)
export class ApiToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'api_tokens_pkey' })
  id: string;

  @Index('api_tokens_user_id_idx')
  @ForeignKey(() => User, { name: 'api_tokens_user_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  userId: string;

  @Index('api_tokens_token_sha256_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenSha256: string;

  /** The token's first characters, so a person can tell tokens apart without the secret. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  label: string | null;

  /** The person who issued it; null for the operator (CLI) and for legacy tokens. */
  @ForeignKey(() => User, { name: 'api_tokens_issued_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  issuedBy: string | null;

  @Column({ type: 'varchar', length: 10 })
  issuedVia: IssuedVia;

  /** A first token from an admin: it may only read /me and create its owner's own token, which ends it. */
  @Column({ type: 'boolean', default: false })
  mustReplace: boolean;

  /**
   * The token whose holder created this one (a person's own token made with an admin's first token),
   * so an audit can follow a credential back to whoever handed out its first link.
   */
  @ForeignKey(() => ApiToken, { name: 'api_tokens_created_with_token_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  createdWithTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** The person who revoked it; null for the operator (CLI). */
  @ForeignKey(() => User, { name: 'api_tokens_revoked_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  revokedBy: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  revokedVia: RevokedVia | null;
}
