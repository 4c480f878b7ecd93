import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, checkers, readers } from '../auth/authenticate';
import { notFound } from '../errors/problem';
import { requireId } from '../http/ids';
import { requireStrongEtag } from '../http/if-match';
import { decodeCursor, toPage, WholePageQuery } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { presentRevised, presentRevision, presentRevisionSummary } from './article-revision.presenter';
import { articleEtag, getRevision, listRevisions, reviseArticleBody } from './article-revisions.service';
import { ReviseArticleBodyDto } from './articles.dto';
import { getArticle } from './articles.service';

/** A revision number in a path: 1 to 2^31 − 1; anything else names nothing (404). */
function revisionNumber(value: unknown, articleId: string): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2 ** 31 - 1) {
    throw notFound('article revision', `${articleId}/${String(value ?? '')}`);
  }
  return Number(value);
}

/** PUT /articles/:id/body, GET /articles/:id/revisions and /revisions/:number (mounted on /articles/:id). */
export function articleRevisionsRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  const articleIdOf = (params: unknown): string => requireId((params as { id?: unknown }).id, 'article');

  router.put('/body', allow(...checkers), async (req, res) => {
    const id = articleIdOf(req.params);
    const ifMatch = requireStrongEtag(req.header('if-match'), 'article');
    const { body } = await parseBody(ReviseArticleBodyDto, req.body);
    const revised = await reviseArticleBody(db, id, ifMatch, body, actorOf(req));
    const { claimCounts } = await getArticle(db, id);
    res.setHeader('ETag', articleEtag(revised.article)).json(presentRevised(revised, claimCounts));
  });

  router.get('/revisions', allow(...readers), async (req, res) => {
    const { limit, cursor } = await parseQuery(WholePageQuery, req.query);
    const rows = await listRevisions(db, articleIdOf(req.params), { limit, after: decodeCursor(cursor) });
    res.json(toPage(rows.map((row) => ({ ...row, seq: row.revision.seq })), limit, presentRevisionSummary));
  });

  router.get('/revisions/:number', allow(...readers), async (req, res) => {
    const id = articleIdOf(req.params);
    res.json(presentRevision(await getRevision(db, id, revisionNumber(req.params.number, id))));
  });

  return router;
}
