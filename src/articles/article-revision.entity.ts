import { Column, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Article } from './article.entity';

/** One body an article has had, numbered from 1; a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity({ name: 'article_revisions' })
@Index('article_revisions_article_number_key', ['articleId', 'number'], { unique: true })
export class ArticleRevision {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'article_revisions_pkey' })
  id: string;

  /** Insertion order; the keyset for paging. Never exposed. */
  @Index('article_revisions_seq_key', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @ForeignKey(() => Article, { name: 'article_revisions_article_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  articleId: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'char', length: 64 })
  bodySha256: string;

  /** Null for the system itself (the seed import, and revisions 1 made by the migration). */
  @ForeignKey(() => User, { name: 'article_revisions_actor_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
