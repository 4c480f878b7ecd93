import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { User } from '../users/user.entity';
import type { Actor } from '../users/users.service';
import { ArticleEvent, type ArticleEventAction } from './article-event.entity';
import { oldestFirstPage } from '../http/pagination';
import { enqueueArticleWebhooks } from '../webhooks/outbox';

export type ArticleEventWithActor = { event: ArticleEvent; actorName: string | null };

/** Appends to the article's history; call inside the transaction that made the change (its webhooks are written here too). */
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
  // Both a metadata edit and a new body revision are article.revised to a subscriber (the body itself never travels).
  if (action === 'article.updated' || action === 'article.revised') await enqueueArticleWebhooks(manager, articleId, changes);
}

/** One page, oldest first: `limit` + 1 rows, so that the caller can tell whether there is more. */
export async function listArticleHistory(
  manager: EntityManager,
  articleId: string,
  page: { limit: number; after?: string },
): Promise<ArticleEventWithActor[]> {
  const select = manager
    .createQueryBuilder(ArticleEvent, 'event')
    .leftJoin(User, 'actor', 'actor.id = event.actorId')
    .addSelect('actor.name', 'actor_name')
    .where('event.articleId = :articleId', { articleId });
  const rows = await oldestFirstPage(select, 'event', page).getRawAndEntities();
  return rows.entities.map((event, index) => ({ event, actorName: (rows.raw[index] as { actor_name: string | null }).actor_name }));
}
