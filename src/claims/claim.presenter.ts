import type { ClaimSource } from './claim-source.entity';
import type { ClaimWithSources } from './claims.service';

const presentSource = (source: ClaimSource) => ({
  position: source.position,
  name: source.name,
  kind: source.kind,
  url: source.url,
  note: source.note,
});

export function presentClaim({ claim, sources }: ClaimWithSources) {
  return {
    id: claim.id,
    articleId: claim.articleId,
    quote: claim.quote,
    start: claim.start,
    end: claim.end,
    quoteSha256: claim.quoteSha256,
    summary: claim.summary,
    claimant: claim.claimant,
    claimDate: claim.claimDate,
    language: claim.language,
    status: claim.status,
    rating: claim.rating,
    version: claim.version,
    sources: sources.map(presentSource),
    createdAt: claim.createdAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
  };
}
