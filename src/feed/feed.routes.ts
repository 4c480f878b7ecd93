import type { Request, RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { findFactChecks, type FactCheckPosition } from '../fact-checks/fact-checks.service';
import type { Site } from '../fact-checks/site';
import { validationFailed } from '../errors/problem';
import { isUuid } from '../http/ids';
import { PageQuery } from '../http/pagination';
import { parseQuery } from '../http/validation';
import type { PublicCache } from '../public-cache/public-cache';
import { cachedRoute } from '../public-cache/cached-route';
import { presentFeed } from './feed.presenter';

/**
 * GET /feed.json: JSON Feed 1.1 of published fact-checks, newest change first, paged by next_url.
 * A plain handler, mounted as a route of the app: a nested router would cost every cached read a second dispatch.
 */
export function feedRoute(db: DataSource, cache: PublicCache, siteFor: (req: Request) => Site): RequestHandler {
  // Keyed by the query as sent: a cached page is served without parsing or validating anything.
  return cachedRoute(cache, (req) => `${siteFor(req).baseUrl}|feed|${req.url}`, async (req) => {
    const site = siteFor(req);
    const { limit, cursor } = await parseQuery(PageQuery, req.query);
    const rows = await findFactChecks(db.manager, { limit: limit + 1, after: decodeFeedCursor(cursor) });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextUrl =
      rows.length > limit && last
        ? `${site.baseUrl}/feed.json?${new URLSearchParams({ limit: String(limit), cursor: encodeFeedCursor({ publishedAt: last.claim.lastPublishedAt!, id: last.claim.id }) })}`
        : undefined;
    return {
      status: 200,
      contentType: 'application/feed+json',
      body: JSON.stringify(presentFeed(site, page, nextUrl)),
      lastModified: page[0]?.claim.lastPublishedAt ?? undefined,
    };
  });
}

const encodeFeedCursor = ({ publishedAt, id }: FactCheckPosition): string =>
  Buffer.from(JSON.stringify({ t: publishedAt.toISOString(), id })).toString('base64url');

/** What encodeFeedCursor writes: toISOString() of a time PostgreSQL can hold (four-digit years, nothing before 1970). */
const issuedTime = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Anything but a cursor this feed wrote is refused here, so no odd value reaches the query (and its error log). */
function decodeFeedCursor(cursor: string | undefined): FactCheckPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { t, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const publishedAt = typeof t === 'string' && issuedTime.test(t) ? new Date(t) : undefined;
    if (publishedAt && publishedAt.toISOString() === t && typeof id === 'string' && isUuid(id)) {
      return { publishedAt, id: id.toLowerCase() };
    }
  } catch {
    // fall through
  }
  throw validationFailed([{ parameter: 'cursor', detail: 'cursor is not one this feed issued' }]);
}
