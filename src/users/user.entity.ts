import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { roles, type Role } from './role';

@Entity({ name: 'users' })
@Check('users_role_check', `"role" IN (${sqlList(roles)})`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  /** Unique, compared without regard to case; what the CLI and history show. */
  @Index('users_name_key', { synchronize: false }) // unique on lower(name), created by the migration
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** scrypt, with its parameters and salt (src/web/passwords.ts); null until the person sets one. */
  @Column({ type: 'varchar', length: 200, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /** A disabled person's tokens and sessions open nothing; enabling them again restores their tokens. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
