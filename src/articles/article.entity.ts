import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'articles' })
export class Article {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'articles_pkey' })
  id: string;

  /** Insertion order; the keyset for pagination. Never exposed. */
  @Index('articles_seq_key', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  /** Stable local identifier, for articles whose URL is unknown and for links a person can read. */
  @Index('articles_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  slug: string;

  @Index('articles_url_key', { unique: true })
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  /** BCP 47 tag, canonical form. */
  @Column({ type: 'varchar', length: 35 })
  language: string;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'text' })
  body: string;

  /** Hex SHA-256 of the body's UTF-8 bytes: lets anyone prove which text the offsets point into. */
  @Column({ type: 'char', length: 64 })
  bodySha256: string;

  /** Bumped on every change; the ETag a body revision must send in If-Match. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** The number of the body's revision (see ArticleRevision): 1 until the body is first revised. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  /** When the body was last replaced by a new revision; null while it is the first. */
  @Column({ type: 'timestamptz', nullable: true })
  revisedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
