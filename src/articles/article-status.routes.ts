import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow, editorial } from '../auth/authenticate';
import { requireId } from '../http/ids';
import { presentArticleStatus } from './article-status.presenter';
import { getArticleStatus } from './article-status.service';

/** GET /articles/:id/status: where each claim of one article stands, in text order, with counts. */
export function articleStatusRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  router.get('/', allow(...editorial), async (req, res) => {
    const articleId = requireId((req.params as { id?: unknown }).id, 'article');
    res.json(presentArticleStatus(await getArticleStatus(db, articleId)));
  });
  return router;
}
