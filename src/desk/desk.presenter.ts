import { presentLastChange } from '../history/history.presenter';
import { toPage } from '../http/pagination';
import type { ArticleChangedClaim, DeskClaim, Desk, LostAnchorClaim, PublishedTodayClaim, QueuedClaim } from './desk.service';
import type { MyClaim } from './my-claims.service';

/** What every list of claims on the desk shows of one (a person's own list: this alone). */
export const presentClaimLine = (claim: MyClaim) => ({
  id: claim.id,
  article: claim.article,
  quote: claim.quote,
  claimant: claim.claimant,
  status: claim.status,
  version: claim.version,
  lastChange: claim.lastChange ? presentLastChange(claim.lastChange) : null,
});

const presentDeskClaim = (claim: DeskClaim) => ({ ...presentClaimLine(claim), rating: claim.rating, assignee: claim.assignee });

const presentQueuedClaim = (claim: QueuedClaim) => ({
  ...presentDeskClaim(claim),
  enteredReviewAt: claim.enteredReviewAt.toISOString(),
  proposal: claim.proposal,
});

const presentPublishedClaim = (claim: PublishedTodayClaim) => ({
  ...presentDeskClaim(claim),
  publishedAt: claim.publishedAt.toISOString(),
  /** Published before: this verdict corrects an earlier one. */
  correction: claim.firstPublishedAt.getTime() < claim.publishedAt.getTime(),
});

const presentArticleChangedClaim = (claim: ArticleChangedClaim) => ({
  ...presentDeskClaim(claim),
  publishedAt: claim.publishedAt.toISOString(),
  articleChanges: claim.articleChanges,
});

const presentLostAnchorClaim = (claim: LostAnchorClaim) => ({
  ...presentDeskClaim(claim),
  anchorLostAt: claim.anchorLostAt.toISOString(),
  lostInRevision: claim.lostInRevision,
});

export function presentDesk(desk: Desk, limit: number) {
  return {
    asOf: desk.asOf.toISOString(),
    staleDays: desk.staleDays,
    staleBefore: desk.staleBefore.toISOString(),
    /** Midnight UTC: "today" is the UTC day. */
    todayStartsAt: desk.todayStartsAt.toISOString(),
    reviewQueue: toPage(
      desk.reviewQueue.map((claim) => ({ ...claim, seq: claim.enteredReviewSeq })),
      limit,
      presentQueuedClaim,
    ),
    inProgressByAssignee: desk.inProgressByAssignee.items.map(({ assignee, claims }) => ({
      assignee,
      claims: claims.map(presentDeskClaim),
    })),
    stale: desk.stale.items.map(presentDeskClaim),
    publishedToday: desk.publishedToday.items.map(presentPublishedClaim),
    articleChangedSincePublication: desk.articleChangedSincePublication.items.map(presentArticleChangedClaim),
    /** Claims whose quoted words a revision of their article changed or removed: the quote is kept, the anchor is not. */
    needsAttention: desk.needsAttention.items.map(presentLostAnchorClaim),
    /** Sections other than the queue show at most `limit` claims; true where more matched. */
    truncated: {
      inProgressByAssignee: desk.inProgressByAssignee.truncated,
      stale: desk.stale.truncated,
      publishedToday: desk.publishedToday.truncated,
      articleChangedSincePublication: desk.articleChangedSincePublication.truncated,
      needsAttention: desk.needsAttention.truncated,
    },
  };
}
