import type { ExternalMatchRow } from './external-matches';
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

/** An imported fact-check as the desk and the public see it beside the desk's own: whose it is, and its words. */
export const presentExternalMatch = (row: ExternalMatchRow) => ({
  external: true as const,
  url: row.url,
  publisher: { name: row.publisherName, url: row.publisherUrl },
  claimReviewed: row.claimReviewed,
  claimant: row.claimant,
  rating: { text: row.ratingText, value: row.ratingValue, best: row.bestRating, worst: row.worstRating },
  datePublished: row.datePublished?.toISOString() ?? null,
  language: row.language,
  trigramSimilarity: Math.round(row.trigram * 10_000) / 10_000,
});
