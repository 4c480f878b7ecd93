import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { User } from '../users/user.entity';
import type { Actor } from '../users/users.service';
import { ArticleEvent, type ArticleEventAction } from './article-event.entity';

export type ArticleEventWithActor = { event: ArticleEvent; actorName: string | null };

/** Appends to the article's history; call inside the transaction that made the change. */
export async function recordArticleEvent(
  manager: EntityManager,
  articleId: string,
  actor: Actor | null,
  action: ArticleEventAction,
  changes: Record<string, unknown>,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(ArticleEvent)
    .values(<QueryDeepPartialEntity<ArticleEvent>>{ articleId, actorId: actor?.id ?? null, action, changes })
    .updateEntity(false)
    .execute();
}

export async function listArticleHistory(manager: EntityManager, articleId: string): Promise<ArticleEventWithActor[]> {
  const rows = await manager
    .createQueryBuilder(ArticleEvent, 'event')
    .leftJoin(User, 'actor', 'actor.id = event.actorId')
    .addSelect('actor.name', 'actor_name')
    .where('event.articleId = :articleId', { articleId })
    .orderBy('event.seq', 'ASC')
    .getRawAndEntities();
  return rows.entities.map((event, index) => ({ event, actorName: (rows.raw[index] as { actor_name: string | null }).actor_name }));
}
