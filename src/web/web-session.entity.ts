import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '../users/user.entity';

/** Why a session ended before it expired. */
export type SessionEndedWhy = 'signed-out' | 'signed-in-again' | 'password-changed' | 'person-disabled' | 'revoked';

/** A signed-in browser. The cookie holds a secret; only its hash is stored. */
@Entity({ name: 'web_sessions' })
@Unique('web_sessions_secret_sha256_key', ['secretSha256'])
export class WebSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'web_sessions_pkey' })
  id: string;

  @Column({ type: 'char', length: 64 })
  secretSha256: string;

  @Index('web_sessions_user_id_idx')
  @ForeignKey(() => User, { name: 'web_sessions_user_id_fkey', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  userId: string;

  /** Every state-changing form of this session carries it. */
  @Column({ type: 'varchar', length: 64 })
  csrfToken: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  /** The absolute end; an idle session ends earlier (SESSION_IDLE_MINUTES after lastSeenAt). */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  endedWhy: SessionEndedWhy | null;
}
