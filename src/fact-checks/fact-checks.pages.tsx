import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { searchQueryTrouble } from '../claims/claim-search';
import type { Config } from '../config/config';
import { problemLogged } from '../errors/error-handler';
import { Problem, validationFailed, type FieldError } from '../errors/problem';
import { decodeFeedCursor, encodeFeedCursor } from '../feed/feed-query';
import { isFeedPosition } from '../feed/feed.routes';
import { cachedPage, cachedRoute } from '../public-cache/cached-route';
import type { PublicCache, Rendered } from '../public-cache/public-cache';
import { publicQuery } from '../public-cache/public-query';
import { varyHeader } from '../public-cache/send-cached';
import type { Language } from '../web/i18n/i18n';
import { publicPageContext } from '../web/page-context';
import { pageErrorHandler } from '../web/page-errors';
import { renderHtml, sendPage } from '../web/render';
import { findExternalMatches } from '../similar/external-matches';
import type { WithinSimilarityBudget } from '../similar/similarity-budget';
import { maxWordingQueryLength, normaliseWording } from '../similar/wording';
import { FactCheckListPage, type ElsewhereItem, type FactCheckListItem } from './fact-check-list.page';
import { searchFactChecks } from './fact-check-search.service';
import { presentElsewhereItem, presentFactCheckListItem, presentFactCheckPage } from './fact-check-page.presenter';
import { FactCheckNotFoundPage, FactCheckPage } from './fact-check.page';
import { findFactCheckDetails, findFactChecks, type FactCheckPosition } from './fact-checks.service';
import { htmlVaryOn, pageLanguage, publicPageKey, type Representation } from './representation';
import { homeUrl, type Site } from './site';

const html = 'text/html; charset=utf-8';
const pageSize = 20;
/** A search names a few words; longer text is refused before it reaches PostgreSQL. */
export const maxSearchLength = 200;

export type PublicPagesDeps = {
  db: DataSource;
  cache: PublicCache;
  siteFor: (req: Request) => Site;
  config: Config;
  logger: Logger;
  withinSimilarityBudget: WithinSimilarityBudget;
};

/** How many fact-checks worded like the query, and reviews of other organisations, head a search's first page. */
const alikeOnPage = 5;

/**
 * "Has this been checked?" on the search page: the desk's published fact-checks worded like `q` and other
 * organisations' imported reviews (the JSON search's own services). A page is never refused for it: when the
 * similarity search is busy, or `q` has no words to compare, the sections are left out.
 */
async function alikeSections(q: string, withinBudget: WithinSimilarityBudget): Promise<{ alike: FactCheckListItem[]; elsewhere: ElsewhereItem[] }> {
  const wording = normaliseWording(q);
  if (wording === '' || wording.length > maxWordingQueryLength) return { alike: [], elsewhere: [] };
  try {
    return await withinBudget(async (manager) => ({
      alike: (await searchFactChecks(manager, { wording, limit: alikeOnPage })).items.map(({ factCheck }) => presentFactCheckListItem(factCheck)),
      elsewhere: (await findExternalMatches(manager, wording, alikeOnPage)).map(presentElsewhereItem),
    }));
  } catch (error) {
    if (error instanceof Problem && error.slug === 'similarity-busy') return { alike: [], elsewhere: [] };
    throw error;
  }
}

/** The page of one published fact-check, or undefined when none is published under this id. */
export async function renderFactCheckHtml(db: DataSource, id: string, site: Site, lang: Language, config: Config): Promise<Rendered | undefined> {
  const details = await findFactCheckDetails(db.manager, id);
  if (!details) return undefined;
  const ctx = publicPageContext(lang, config, `/fact-checks/${id}`);
  const body = renderHtml(<FactCheckPage ctx={ctx} view={presentFactCheckPage(details, site)} />);
  return { status: 200, contentType: html, body, lastModified: details.claim.lastPublishedAt! };
}

const notFoundPages = new Map<Language, Rendered>();

/** The same bytes for every id that names no published fact-check (a draft, an unknown id, an unreadable one). */
export function factCheckNotFoundHtml(lang: Language, config: Config): Rendered {
  let page = notFoundPages.get(lang);
  if (!page) {
    const ctx = publicPageContext(lang, config, '/fact-checks');
    page = { status: 404, contentType: html, body: renderHtml(<FactCheckNotFoundPage ctx={ctx} />) };
    notFoundPages.set(lang, page);
  }
  return page;
}

type ListKind = 'home' | 'search';
type ListRequest = { key: string; vary: string; kind: ListKind; site: Site; lang: Language; q: string | undefined; after: FactCheckPosition | undefined; path: string };

// Accept too: /fact-checks answers JSON (the similarity search) to clients that do not ask for a page.
const listVary = varyHeader(['Accept', ...htmlVaryOn]);

/** `q` as the search takes it: trimmed, none when blank, refused when PostgreSQL could not take it. */
function searchText(value: string | undefined): string | undefined {
  const q = value?.trim();
  if (!q) return undefined;
  const trouble = q.length > maxSearchLength ? `q may hold at most ${maxSearchLength} characters` : searchQueryTrouble(q);
  if (trouble) throw validationFailed([{ parameter: 'q', detail: trouble }]);
  return q;
}

/** The address of a list page, its query canonical (so `?q=a` and `?q=%20a` are one cache entry). */
function listPath(kind: ListKind, q: string | undefined, after: FactCheckPosition | undefined): string {
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(after ? { cursor: encodeFeedCursor(after) } : {}) }).toString();
  const path = kind === 'home' ? '/' : '/fact-checks';
  return query ? `${path}?${query}` : path;
}

function readList(kind: ListKind, siteFor: PublicPagesDeps['siteFor']): (req: Request) => ListRequest {
  return (req) => {
    const query = publicQuery(req, kind === 'home' ? ['cursor'] : ['q', 'cursor'], { forPeople: true });
    const q = kind === 'search' ? searchText(query?.q) : undefined;
    const after = query?.cursor === undefined ? undefined : decodeFeedCursor(query.cursor);
    const site = siteFor(req);
    const lang = pageLanguage(req);
    const path = listPath(kind, q, after);
    const representation: Representation = `html:${lang}`;
    return { key: publicPageKey(site, path, representation), vary: listVary, kind, site, lang, q, after, path };
  };
}

/**
 * `/` (the latest fact-checks) and `/fact-checks` (searched by `q`): the feed's query and cursor, as pages
 * from the public cache. A search's pages are served but not kept, nor a page after a made-up cursor:
 * anyone can make up endless ones, and they would push the real pages out.
 */
function listRoute(kind: ListKind, { db, cache, siteFor, config, withinSimilarityBudget }: PublicPagesDeps): RequestHandler {
  return cachedRoute(cache, cachedPage(readList(kind, siteFor), async ({ site, lang, q, after, path }): Promise<Rendered> => {
    const [rows, issued] = await Promise.all([findFactChecks(db.manager, { limit: pageSize + 1, after, q }), after ? isFeedPosition(db, after) : true]);
    const { alike, elsewhere } = q && !after ? await alikeSections(q, withinSimilarityBudget) : { alike: [], elsewhere: [] };
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    const nextPath = rows.length > pageSize && last ? listPath(kind, q, { publishedAt: last.claim.lastPublishedAt!, id: last.claim.id }) : undefined;
    const ctx = publicPageContext(lang, config, path);
    const body = renderHtml(
      <FactCheckListPage
        ctx={ctx}
        kind={kind}
        organization={site.organization.name}
        items={page.map(presentFactCheckListItem)}
        alike={alike}
        elsewhere={elsewhere}
        q={q}
        nextPath={nextPath}
        paged={after !== undefined}
        canonical={kind === 'home' ? homeUrl(site) : `${site.baseUrl}${listPath(kind, q, undefined)}`}
      />,
    );
    return { status: 200, contentType: html, body, lastModified: page[0]?.claim.lastPublishedAt ?? undefined, ...(q || !issued ? { transient: true as const } : {}) };
  }));
}

/**
 * A refused query (made-up cursor, unsearchable q) shows the list page again with the
 * Problem's field errors next to the search field, in the Problem's status; anything worse is the error page.
 */
function listErrors(kind: ListKind, { config, logger, siteFor }: PublicPagesDeps): ErrorRequestHandler {
  const fallback = pageErrorHandler(logger, config);
  return (error, req, res, next) => {
    if (!(error instanceof Problem) || res.headersSent) return fallback(error, req, res, next);
    const problem = problemLogged(logger, error, req, res);
    const errors = (problem.extensions.errors as FieldError[] | undefined) ?? [{ parameter: '', detail: problem.detail ?? problem.message }];
    const q = kind === 'search' && typeof req.query.q === 'string' ? req.query.q.slice(0, maxSearchLength) : undefined;
    const lang = pageLanguage(req);
    const ctx = publicPageContext(lang, config, kind === 'home' ? '/' : '/fact-checks');
    const canonical = `${siteFor(req).baseUrl}${kind === 'home' ? '/' : '/fact-checks'}`;
    sendPage(res, <FactCheckListPage ctx={ctx} kind={kind} organization={config.organization.name} items={[]} q={q} canonical={canonical} errors={errors} />, problem.status);
  };
}

/** The handlers of the public list pages, each ending in its own error page. */
export function factCheckListPages(deps: PublicPagesDeps): { home: Array<RequestHandler | ErrorRequestHandler>; search: Array<RequestHandler | ErrorRequestHandler> } {
  return {
    home: [listRoute('home', deps), listErrors('home', deps)],
    search: [listRoute('search', deps), listErrors('search', deps)],
  };
}
