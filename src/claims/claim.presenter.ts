import type { ClaimSource } from './claim-source.entity';
import type { ClaimWithSources } from './claims.service';

export const presentSource = (source: Pick<ClaimSource, 'position' | 'name' | 'kind'> & Partial<Pick<ClaimSource, 'url' | 'note'>>) => ({
  position: source.position,
  name: source.name,
  kind: source.kind,
  url: source.url ?? null,
  note: source.note ?? null,
});

export function presentClaim({ claim, sources }: ClaimWithSources) {
  return {
    id: claim.id,
    articleId: claim.articleId,
    quote: claim.quote,
    start: claim.start,
    end: claim.end,
    anchorStatus: claim.anchorStatus,
    quoteSha256: claim.quoteSha256,
    summary: claim.summary,
    claimant: claim.claimant,
    claimDate: claim.claimDate,
    language: claim.language,
    status: claim.status,
    assigneeId: claim.assigneeId,
    proposal: claim.proposedRating
      ? {
          rating: claim.proposedRating,
          ratingScaleVersion: claim.proposedRatingScaleVersion,
          rationale: claim.proposedRationale,
          proposedBy: claim.proposedBy,
          matchOf: claim.proposedMatchOfId,
        }
      : null,
    matchOf: claim.matchOfId,
    rating: claim.rating,
    ratingScaleVersion: claim.ratingScaleVersion,
    firstPublishedAt: claim.firstPublishedAt?.toISOString() ?? null,
    lastPublishedAt: claim.lastPublishedAt?.toISOString() ?? null,
    version: claim.version,
    sources: sources.map(presentSource),
    createdAt: claim.createdAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
  };
}
