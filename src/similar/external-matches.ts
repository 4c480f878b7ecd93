import type { EntityManager } from 'typeorm';
import { minimumSimilarity } from './similar.service';
import { wordingBandKeys } from './wording-bands';

/** Imported fact-checks listed beside the desk's own at most. */
export const maxExternalMatches = 5;

/** How many imported reviews a search reads under each band key: a key shared by a whole feed of one template costs no more than a rare one. */
export const externalsPerBandKey = 20;

export type ExternalMatchRow = {
  id: string;
  url: string;
  publisherName: string | null;
  publisherUrl: string | null;
  claimReviewed: string;
  claimant: string | null;
  ratingText: string | null;
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  datePublished: Date | null;
  language: string | null;
  trigram: number;
};

/**
 * Fact-checks of other organisations (imported ClaimReview) whose claim is worded like `wording` (already
 * normalised): those sharing one of its band keys (at most `externalsPerBandKey` a key, from
 * external_wording_bands), with trigram similarity ≥ `minimumSimilarity`, most similar first. Never
 * verdicts of the desk: callers list them apart.
 */
export async function findExternalMatches(manager: EntityManager, wording: string, limit = maxExternalMatches): Promise<ExternalMatchRow[]> {
  const keys = wordingBandKeys(wording);
  if (keys.length === 0) return [];
  return manager.query(
    `SELECT e."id", e."url", e."publisher_name" AS "publisherName", e."publisher_url" AS "publisherUrl",
            e."claim_reviewed" AS "claimReviewed", e."claimant", e."rating_text" AS "ratingText", e."rating_value" AS "ratingValue",
            e."best_rating" AS "bestRating", e."worst_rating" AS "worstRating", e."date_published" AS "datePublished", e."language",
            similarity(e."wording", $1)::float8 AS trigram
       FROM (SELECT DISTINCT hit."external_id" FROM unnest($2::bigint[]) AS keys("key") CROSS JOIN LATERAL (
               SELECT w."external_id" FROM "external_wording_bands" w WHERE w."key" = keys."key" ORDER BY w."external_id" LIMIT ${externalsPerBandKey}
             ) AS hit) AS near
       JOIN "external_fact_checks" e ON e."id" = near."external_id"
      WHERE similarity(e."wording", $1) >= ${minimumSimilarity}
      ORDER BY trigram DESC, e."id"
      LIMIT $3`,
    [wording, keys, limit],
  );
}
