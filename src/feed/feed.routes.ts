import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { findFactChecks, lastChangeOf, type FactCheckPosition } from '../fact-checks/fact-checks.service';
import type { Site } from '../fact-checks/site';
import { cachedPage, type CachedPage } from '../public-cache/cached-route';
import { encodeFeedCursor, readFeedRequest, type FeedRequest } from './feed-query';
import { presentFeed } from './feed.presenter';

/**
 * GET /feed.json: JSON Feed 1.1 of published fact-checks, newest change first, paged by next_url.
 * Mounted as a plain handler (cachedRoute) of the app: a nested router would cost every cached read a second dispatch.
 */
export function feedPage(db: DataSource, siteFor: (req: Request) => Site): CachedPage<FeedRequest> {
  return cachedPage((req) => readFeedRequest(req, siteFor(req)), async ({ site, limit, after }) => {
    const [rows, issued] = await Promise.all([findFactChecks(db.manager, { limit: limit + 1, after }), after ? isFeedPosition(db, after) : true]);
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
      lastModified: page.length > 0 ? new Date(Math.max(...page.map((factCheck) => lastChangeOf(factCheck).getTime()))) : undefined,
      // A made-up cursor still gets the page after its position, but is not kept: the positions of
      // fact-checks as published now are finite, made-up ones are not.
      ...(issued ? {} : { transient: true as const }),
    };
  });
}

/** Whether a published fact-check stands at this position now (a cursor the feed issued, not since corrected). */
export const isFeedPosition = (db: DataSource, { publishedAt, id }: FactCheckPosition): Promise<boolean> =>
  db.manager.existsBy(Claim, { id, lastPublishedAt: publishedAt });
