import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { buildClaimReview } from '../fact-checks/claim-review';
import { findFactChecks, type FactCheck, type FactCheckPosition } from '../fact-checks/fact-checks.service';
import type { Site } from '../fact-checks/site';
import { cachedPage, type CachedPage } from '../public-cache/cached-route';
import { publicQuery } from '../public-cache/public-query';
import { PageCursor } from '../http/pagination';
import { decodeFeedCursor, encodeFeedCursor } from './feed-query';

/** The route's one parameter, as the OpenAPI document describes it: a cursor from `hydra:next`. */
export class ClaimReviewFeedQuery {
  @PageCursor cursor?: string;
}

/**
 * Fact-checks a page of /claimreview.jsonld holds: every published one fits on one page until the
 * desk has published this many; past that a page stays around 1.5 MB (≈ 150 kB compressed) and links the next.
 */
export const claimReviewPageSize = 1000;

/** Hydra's `next` (https://www.w3.org/ns/hydra/core#next): the JSON-LD term for "the page after this one". */
const context = ['https://schema.org', { hydra: 'http://www.w3.org/ns/hydra/core#' }];

/**
 * GET /claimreview.jsonld: every published fact-check as a schema.org DataFeed of ClaimReview (each
 * in a DataFeedItem, as aggregators ingest them), newest change first; cached like /feed.json.
 */
export function claimReviewFeedPage(db: DataSource, siteFor: (req: Request) => Site, pageSize = claimReviewPageSize): CachedPage<ReturnType<typeof readOf>> {
  const readOf = (req: Request) => {
    const query = publicQuery(req, ['cursor']);
    const after = query?.cursor === undefined ? undefined : decodeFeedCursor(query.cursor);
    const site = siteFor(req);
    return { key: `${site.baseUrl}|claimreview|${after ? `${after.publishedAt.getTime()}~${after.id}` : ''}`, site, after };
  };
  return cachedPage(readOf, async ({ site, after }) => {
    const [rows, issued] = await Promise.all([
      findFactChecks(db.manager, { limit: pageSize + 1, after }),
      after ? db.manager.existsBy(Claim, { id: after.id, lastPublishedAt: after.publishedAt }) : true,
    ]);
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    const next = rows.length > pageSize && last ? pageUrl(site, { publishedAt: last.claim.lastPublishedAt!, id: last.claim.id }) : undefined;
    return {
      status: 200,
      contentType: 'application/ld+json',
      body: JSON.stringify(presentClaimReviewFeed(site, page, after, next)),
      lastModified: page[0]?.claim.lastPublishedAt ?? undefined,
      // As in the feed: a cursor that names no fact-check as published now gets its page, never kept.
      ...(issued ? {} : { transient: true as const }),
    };
  });
}

const pageUrl = (site: Site, after?: FactCheckPosition): string =>
  `${site.baseUrl}/claimreview.jsonld${after ? `?${new URLSearchParams({ cursor: encodeFeedCursor(after) })}` : ''}`;

export function presentClaimReviewFeed(site: Site, factChecks: FactCheck[], after: FactCheckPosition | undefined, next: string | undefined) {
  return {
    '@context': context,
    '@type': 'DataFeed',
    '@id': pageUrl(site, after),
    name: `${site.organization.name}: ClaimReview`,
    url: pageUrl(site, after),
    inLanguage: site.reviewLanguage,
    publisher: { '@type': 'Organization', name: site.organization.name, url: site.organization.url ?? site.baseUrl },
    ...(factChecks[0] ? { dateModified: factChecks[0].claim.lastPublishedAt!.toISOString() } : {}),
    ...(next ? { 'hydra:next': { '@id': next } } : {}),
    // Each ClaimReview keeps its own @context, as in the DataFeed format aggregators ingest.
    dataFeedElement: factChecks.map((factCheck) => ({
      '@type': 'DataFeedItem',
      dateCreated: factCheck.claim.firstPublishedAt!.toISOString(),
      dateModified: factCheck.claim.lastPublishedAt!.toISOString(),
      item: [buildClaimReview(factCheck, site)],
    })),
  };
}
