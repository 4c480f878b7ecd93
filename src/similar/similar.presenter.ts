import type { SimilarRow } from './similar.service';

/** One similar claim as the desk sees it: enough to tell a repeat from a lookalike, and where it stands. */
export const presentSimilar = (row: SimilarRow) => ({
  id: row.id,
  score: row.score,
  trigramSimilarity: Math.round(row.trigram * 10_000) / 10_000,
  quote: row.quote,
  summary: row.summary,
  claimant: row.claimant,
  language: row.language,
  status: row.status,
  publishedRating: row.rating === null ? null : { rating: row.rating, label: row.ratingLabel ?? row.rating },
  lastPublishedAt: row.lastPublishedAt?.toISOString() ?? null,
  matchOf: row.matchOfId,
});
