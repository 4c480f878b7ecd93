import { presentLastChange } from '../history/history.presenter';
import type { ArticleStatus, ClaimStanding } from './article-status.service';

const presentStanding = (claim: ClaimStanding) => ({
  id: claim.id,
  quote: claim.quote,
  start: claim.start,
  end: claim.end,
  anchorStatus: claim.anchorStatus,
  status: claim.status,
  rating: claim.rating,
  proposedRating: claim.proposedRating,
  assignee: claim.assignee,
  version: claim.version,
  lastChange: claim.lastChange ? presentLastChange(claim.lastChange) : null,
});

export function presentArticleStatus({ article, claims, countsByStatus, countsByRating }: ArticleStatus) {
  return {
    article: { id: article.id, title: article.title, slug: article.slug },
    claims: claims.map(presentStanding),
    countsByStatus,
    countsByRating,
  };
}
