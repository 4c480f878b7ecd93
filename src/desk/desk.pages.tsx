import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { checkers, editorial } from '../auth/authenticate';
import type { Config } from '../config/config';
import { parseQuery } from '../http/validation';
import { pageContext } from '../web/page-context';
import { sendPage } from '../web/render';
import { requireSignIn, sessionOf } from '../web/session';
import { DeskQuery } from './desk.dto';
import { DeskPage } from './desk.page';
import { loadDesk } from './desk.service';
import { loadMyClaims } from './my-claims.service';
import { MyPage } from './my.page';

/** A GET form sends empty fields; the API's client would leave them out. */
const filledIn = (query: Record<string, unknown>) => Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));

/** /desk (editors) on the same DeskQuery and loadDesk as GET /api/v1/desk; /my (checkers, editors). */
export function deskPages(db: DataSource, config: Config): Router {
  const router = Router();
  router.get('/desk', requireSignIn(...editorial), async (req, res) => {
    const query = await parseQuery(DeskQuery, filledIn(req.query as Record<string, unknown>));
    const desk = await loadDesk(db, query);
    sendPage(res, <DeskPage ctx={pageContext(req, config)} desk={desk} filters={query} limit={query.limit} />);
  });
  router.get('/my', requireSignIn(...checkers), async (req, res) => {
    const mine = await loadMyClaims(db, sessionOf(req).person.id);
    sendPage(res, <MyPage ctx={pageContext(req, config)} mine={mine} />);
  });
  return router;
}
