import type { ArticleEventWithActor } from './article-history.service';

export const presentArticleEvent = ({ event, actorName }: ArticleEventWithActor) => ({
  id: event.id,
  action: event.action,
  actor: event.actorId ? { id: event.actorId, name: actorName } : null,
  changes: event.changes,
  createdAt: event.createdAt.toISOString(),
});
