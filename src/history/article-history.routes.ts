import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { Article } from '../articles/article.entity';
import { notFound } from '../errors/problem';
import { requireId } from '../http/ids';
import { decodeCursor, toPage, WholePageQuery } from '../http/pagination';
import { parseQuery } from '../http/validation';
import { presentArticleEvent } from './article-history.presenter';
import { listArticleHistory } from './article-history.service';

/** GET /articles/:id/history: every change to the article, oldest first, paged by `limit` and `cursor` (mounted by the articles router). */
export function articleHistoryRoute(db: DataSource): RequestHandler {
  return async (req, res) => {
    const { limit, cursor } = await parseQuery(WholePageQuery, req.query);
    const after = decodeCursor(cursor);
    const articleId = requireId((req.params as { id?: unknown }).id, 'article');
    if (!(await db.manager.existsBy(Article, { id: articleId }))) throw notFound('article', articleId);
    const events = await listArticleHistory(db.manager, articleId, { limit, after });
    res.json(toPage(events.map((row) => ({ ...row, seq: row.event.seq })), limit, presentArticleEvent));
  };
}
