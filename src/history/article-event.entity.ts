import { Column, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Article } from '../articles/article.entity';
import { User } from '../users/user.entity';

export type ArticleEventAction = 'article.created' | 'article.updated' | 'article.revised';

/** One entry of an article's append-only history; a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity({ name: 'article_events' })
@Index('article_events_article_seq_idx', ['articleId', 'seq'])
export class ArticleEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'article_events_pkey' })
  id: string;

  @Index('article_events_seq_key', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @ForeignKey(() => Article, { name: 'article_events_article_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  articleId: string;

  /** Null for the system itself (the seed import). */
  @ForeignKey(() => User, { name: 'article_events_actor_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: ArticleEventAction;

  /**
   * article.created: the metadata stored; article.updated: each changed field as {from, to};
   * article.revised: the revision, the body's hash as {from, to} and the claims moved and lost.
   */
  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
