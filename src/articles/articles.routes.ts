import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, checkers, readers } from '../auth/authenticate';
import { articleHistoryRoute } from '../history/article-history.routes';
import { requireId } from '../http/ids';
import { toPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { presentArticle, presentArticleSummary } from './article.presenter';
import { articleEtag } from './article-revisions.service';
import { articleRevisionsRouter } from './article-revisions.routes';
import { CreateArticleDto, ListArticlesQuery, UpdateArticleDto } from './articles.dto';
import { createArticle, emptyClaimCounts, getArticle, listArticles, updateArticle } from './articles.service';

export function articlesRouter(db: DataSource): Router {
  const router = Router();

  router.post('/', allow(...checkers), async (req, res) => {
    const article = await createArticle(db, await parseBody(CreateArticleDto, req.body), actorOf(req));
    res.status(201).location(`${req.baseUrl}/${article.id}`).json(presentArticle(article, emptyClaimCounts()));
  });

  router.get('/', allow(...readers), async (req, res) => {
    const query = await parseQuery(ListArticlesQuery, req.query);
    res.json(toPage(await listArticles(db, query), query.limit, presentArticleSummary));
  });

  router.get('/:id', allow(...readers), async (req, res) => {
    const { article, claimCounts } = await getArticle(db, requireId(req.params.id, 'article'));
    res.setHeader('ETag', articleEtag(article)).json(presentArticle(article, claimCounts));
  });

  router.patch('/:id', allow(...checkers), async (req, res) => {
    const id = requireId(req.params.id, 'article');
    const { article, claimCounts } = await updateArticle(db, id, await parseBody(UpdateArticleDto, req.body), actorOf(req));
    res.setHeader('ETag', articleEtag(article)).json(presentArticle(article, claimCounts));
  });

  router.get('/:id/history', allow(...readers), articleHistoryRoute(db));
  router.use('/:id', articleRevisionsRouter(db));

  return router;
}
