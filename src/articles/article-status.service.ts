import type { DataSource } from 'typeorm';
import type { AnchorStatus } from '../claims/claim.entity';
import type { ClaimStatus } from '../claims/claim-status';
import { notFound } from '../errors/problem';
import { lastChangeColumns, lastChangeJoin, lastChangeOf, type LastChange, type LastChangeRow } from '../history/last-change';
import { currentRatingScale } from '../ratings/ratings.service';
import { personRef, type PersonRef } from '../users/users.service';
import { Article } from './article.entity';
import { emptyClaimCounts, type ClaimCounts } from './articles.service';

/** One claim of the article as the editors' status view shows it. */
export type ClaimStanding = {
  id: string;
  quote: string;
  start: number;
  end: number;
  /** `lost`: a revision changed the quoted words; start and end point into an earlier revision. */
  anchorStatus: AnchorStatus;
  status: ClaimStatus;
  rating: string | null;
  proposedRating: string | null;
  version: number;
  assignee: PersonRef | null;
  lastChange: LastChange | null;
};

export type ArticleStatus = {
  article: Pick<Article, 'id' | 'title' | 'slug'>;
  /** In text order: by start offset, then end offset. */
  claims: ClaimStanding[];
  countsByStatus: ClaimCounts;
  /** Claims by the rating of their latest published verdict (see countByRating). */
  countsByRating: Record<string, number>;
};

type StandingRow = LastChangeRow & {
  id: string;
  quote: string;
  start: number;
  end: number;
  anchor_status: AnchorStatus;
  status: ClaimStatus;
  rating: string | null;
  proposed_rating: string | null;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
};

// One query for every claim of the article (claims_article_seq_idx), each with its assignee and its
// latest event (one probe of claim_events_claim_seq_idx per claim); the counts are made from these rows.
const standingsSql = `
  SELECT claim.id, claim.quote, claim.start_offset AS start, claim.end_offset AS "end", claim.anchor_status, claim.status,
         claim.rating, claim.proposed_rating, claim.version, claim.assignee_id, assignee.name AS assignee_name,
         ${lastChangeColumns}
  FROM claims claim
  LEFT JOIN users assignee ON assignee.id = claim.assignee_id
  ${lastChangeJoin}
  WHERE claim.article_id = $1
  ORDER BY claim.start_offset, claim.end_offset, claim.seq`;

export async function getArticleStatus(db: DataSource, articleId: string): Promise<ArticleStatus> {
  const article = await db.manager.findOne(Article, { where: { id: articleId }, select: { id: true, title: true, slug: true } });
  if (!article) throw notFound('article', articleId);
  const rows: StandingRow[] = await db.manager.query(standingsSql, [articleId]);
  const claims = rows.map(toStanding);
  const scale = await currentRatingScale(db.manager);
  return {
    article,
    claims,
    countsByStatus: countByStatus(claims),
    countsByRating: countByRating(claims, scale.ratings.map((rating) => rating.id)),
  };
}

function toStanding(row: StandingRow): ClaimStanding {
  return {
    id: row.id,
    quote: row.quote,
    start: row.start,
    end: row.end,
    anchorStatus: row.anchor_status,
    status: row.status,
    rating: row.rating,
    // A proposal waits for an editor only in review; the workflow clears it when it leaves review.
    proposedRating: row.status === 'in_review' ? row.proposed_rating : null,
    version: row.version,
    assignee: personRef(row.assignee_id, row.assignee_name),
    lastChange: lastChangeOf(row),
  };
}

/** Every status, zeros included. */
function countByStatus(claims: ClaimStanding[]): ClaimCounts {
  const counts = emptyClaimCounts();
  for (const { status } of claims) {
    counts[status] += 1;
    counts.total += 1;
  }
  return counts;
}

/**
 * The rating the public sees for each claim: that of its latest published verdict, which a claim
 * keeps while a correction is under way. Every rating of the current scale is listed, zeros
 * included, in the scale's order; a rating only an older scale had is added when a claim carries it.
 */
function countByRating(claims: ClaimStanding[], currentScale: string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(currentScale.map((rating) => [rating, 0]));
  for (const { rating } of claims) {
    if (rating !== null) counts[rating] = (counts[rating] ?? 0) + 1;
  }
  return counts;
}
