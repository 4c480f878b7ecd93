import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** A bearer token. Only its SHA-256 is stored; the token itself is shown once, at creation. */
@Entity({ name: 'api_tokens' })
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
