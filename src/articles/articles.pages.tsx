import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { checkers, editorial, readers } from '../auth/authenticate';
import { createClaim } from '../claims/claims.service';
import { CreateClaimDto } from '../claims/claims.dto';
import type { Config } from '../config/config';
import { requireId } from '../http/ids';
import { toPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { verifyCsrfToken } from '../web/csrf';
import { formAsBody, formValues, tryForm, type FormRefusal } from '../web/form';
import { pageContext } from '../web/page-context';
import { sendPage } from '../web/render';
import { requireSignIn, sessionOf } from '../web/session';
import { ArticleListPage } from './article-list.page';
import { ArticleNewPage } from './article-new.page';
import { ArticlePage } from './article.page';
import { bodyOffsetsFromBrowser } from './article-marks';
import { getArticleStatus } from './article-status.service';
import { CreateArticleDto, ListArticlesQuery } from './articles.dto';
import { createArticle, getArticle, listArticles } from './articles.service';

/** /articles, /articles/new, /articles/:id and its new-claim form: the same DTOs and services as /api/v1/articles. */
export function articlePages(db: DataSource, config: Config): Router {
  const router = Router();

  router.get('/articles', requireSignIn(...readers), async (req, res) => {
    const query = await parseQuery(ListArticlesQuery, req.query);
    const page = toPage(await listArticles(db, query), query.limit, (article) => article);
    sendPage(res, <ArticleListPage ctx={pageContext(req, config)} articles={page.items} q={query.q} nextCursor={page.nextCursor} />);
  });

  router.get('/articles/new', requireSignIn(...checkers), (req, res) => {
    sendPage(res, <ArticleNewPage ctx={pageContext(req, config)} />);
  });

  router.post('/articles', requireSignIn(...checkers), verifyCsrfToken, async (req, res) => {
    const result = await tryForm(async () => createArticle(db, await parseBody(CreateArticleDto, formAsBody(req.body)), sessionOf(req).person));
    if ('refused' in result) {
      sendPage(res, <ArticleNewPage ctx={pageContext(req, config)} values={formValues(req.body)} refusal={result.refused} />, result.status);
      return;
    }
    res.redirect(303, `/articles/${result.done.id}`);
  });

  /** The article page; after a refused new claim, with the person's input and the refusal. */
  const sendArticle = async (req: Request, res: Response, id: string, form: { values: Record<string, string>; refusal?: FormRefusal } = { values: {} }, status = 200) => {
    const person = sessionOf(req).person;
    const [{ article }, standing] = await Promise.all([getArticle(db, id), getArticleStatus(db, id)]);
    sendPage(
      res,
      <ArticlePage
        ctx={pageContext(req, config)}
        article={article}
        status={standing}
        showCounts={editorial.includes(person.role)}
        newClaim={checkers.includes(person.role) ? form : undefined}
      />,
      status,
    );
  };

  router.get('/articles/:id', requireSignIn(...readers), async (req, res) => {
    await sendArticle(req, res, requireId(req.params.id, 'article'));
  });

  router.post('/articles/:id/claims', requireSignIn(...checkers), verifyCsrfToken, async (req, res) => {
    const id = requireId(req.params.id, 'article');
    const result = await tryForm(async () => {
      const input = await parseBody(CreateClaimDto, formAsBody(req.body, { integers: ['start', 'end'] }));
      if (input.start !== undefined && input.end !== undefined) {
        const { article } = await getArticle(db, id);
        Object.assign(input, bodyOffsetsFromBrowser(article.body, input.start, input.end));
      }
      return createClaim(db, id, sessionOf(req).person, input);
    });
    if ('refused' in result) {
      await sendArticle(req, res, id, { values: formValues(req.body), refusal: result.refused }, result.status);
      return;
    }
    res.redirect(303, `/claims/${result.done.claim.id}`);
  });

  return router;
}
