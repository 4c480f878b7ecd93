import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { Article } from '../articles/article.entity';
import { notFound } from '../errors/problem';
import { requireId } from '../http/ids';
import { presentArticleEvent } from './article-history.presenter';
import { listArticleHistory } from './article-history.service';

/** GET /articles/:id/history: every change to the article, oldest first (mounted by the articles router). */
export function articleHistoryRoute(db: DataSource): RequestHandler {
  return async (req, res) => {
    const articleId = requireId((req.params as { id?: unknown }).id, 'article');
    if (!(await db.manager.existsBy(Article, { id: articleId }))) throw notFound('article', articleId);
    res.json({ items: (await listArticleHistory(db.manager, articleId)).map(presentArticleEvent) });
  };
}
