import type { Request } from 'express';
import { validationFailed } from '../errors/problem';
import { isUuid } from '../http/ids';
import { cachedPage, type CachedPage } from '../public-cache/cached-route';
import { publicQuery } from '../public-cache/public-query';
import { maxWordingQueryLength, normaliseWording } from '../similar/wording';
import { presentSearch } from './fact-check-search.presenter';
import { searchFactChecks, type SearchPosition } from './fact-check-search.service';
import type { Site } from './site';
import { findExternalMatches } from '../similar/external-matches';
import type { WithinSimilarityBudget } from '../similar/similarity-budget';

const defaultLimit = 20;
const maxLimit = 50;
/** What `q` may be as sent (it is normalised, then held to maxWordingQueryLength). */
const maxRawQueryLength = 1_000;
const maxCursorLength = 200;

/** A search page as the cache knows it: keyed by the normalised query, so "5.000 Jembatan!" and "5000 jembatan" are one entry. */
export type SearchRequest = { key: string; site: Site; wording: string; limit: number; after: SearchPosition | undefined };

export function readSearchRequest(req: Request, site: Site): SearchRequest {
  const query = publicQuery(req, ['q', 'limit', 'cursor']) ?? {};
  const wording = parseQ(query.q);
  const limit = query.limit === undefined ? defaultLimit : parseLimit(query.limit);
  const after = query.cursor === undefined ? undefined : decodeSearchCursor(query.cursor);
  const position = after ? `${after.score}~${after.id}` : '';
  return { key: `${site.baseUrl}|fact-check-search|${limit}|${position}|${wording}`, site, wording, limit, after };
}

function parseQ(q: string | undefined): string {
  const fail = (detail: string) => validationFailed([{ parameter: 'q', detail }]);
  if (q === undefined) throw fail('q is required: the words of the claim to look for');
  if (q.length > maxRawQueryLength) throw fail(`q may hold at most ${maxRawQueryLength} characters`);
  const wording = normaliseWording(q);
  if (wording.length === 0) throw fail('q must hold at least one letter or digit');
  if (wording.length > maxWordingQueryLength) throw fail(`q may hold at most ${maxWordingQueryLength} letters, digits and spaces`);
  return wording;
}

function parseLimit(value: string): number {
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (limit >= 1 && limit <= maxLimit) return limit;
  throw validationFailed([{ parameter: 'limit', detail: `limit must be a whole number from 1 to ${maxLimit}` }]);
}

const encodeSearchCursor = ({ score, id }: SearchPosition): string => Buffer.from(JSON.stringify({ s: score, id })).toString('base64url');

function decodeSearchCursor(cursor: string): SearchPosition {
  if (cursor.length <= maxCursorLength) {
    try {
      const { s, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; id?: unknown };
      if (typeof s === 'number' && s >= 0 && s <= 1 && typeof id === 'string' && isUuid(id)) return { score: s, id: id.toLowerCase() };
    } catch {
      // fall through
    }
  }
  throw validationFailed([{ parameter: 'cursor', detail: 'cursor is not one this search issued' }]);
}

/**
 * GET /fact-checks?q=…: "has this been checked?" — published fact-checks worded like q, best first,
 * paged by nextUrl. Cached per normalised query in the public cache (bounded by its bytes and entries);
 * a query that finds nothing, or a cursor this search did not issue, is answered but not kept, so
 * made-up queries cannot push real pages out.
 */
export function factCheckSearchPage(siteFor: (req: Request) => Site, withinBudget: WithinSimilarityBudget): CachedPage<SearchRequest> {
  return cachedPage((req) => readSearchRequest(req, siteFor(req)), async ({ site, wording, limit, after }) => {
    const { page, elsewhere } = await withinBudget(async (manager) => ({
      page: await searchFactChecks(manager, { wording, limit, after }),
      elsewhere: after === undefined ? await findExternalMatches(manager, wording) : [],
    }));
    const nextUrl = page.next
      ? `${site.baseUrl}/fact-checks?${new URLSearchParams({ q: wording, limit: String(limit), cursor: encodeSearchCursor(page.next) })}`
      : undefined;
    const newest = Math.max(0, ...page.items.map(({ factCheck }) => factCheck.claim.lastPublishedAt!.getTime()));
    const kept = (page.items.length > 0 || elsewhere.length > 0) && (after === undefined || page.afterIsHit);
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(presentSearch(site, wording, page.items, elsewhere, nextUrl)),
      ...(newest > 0 ? { lastModified: new Date(newest) } : {}),
      ...(kept ? {} : { transient: true as const }),
    };
  }, ['Accept']);
}
