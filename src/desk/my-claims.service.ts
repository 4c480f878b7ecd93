import type { DataSource } from 'typeorm';
import type { ClaimStatus } from '../claims/claim-status';
import { lastChangeColumns, lastChangeJoin, lastChangeOf, type LastChangeRow } from '../history/last-change';
import type { DeskClaim } from './desk.service';

/** A claim as the desk shows it, without the rating and assignee (the assignee is the reader). */
export type MyClaim = Pick<DeskClaim, 'id' | 'article' | 'quote' | 'claimant' | 'status' | 'version' | 'lastChange'>;

/** A checker's own work: what they hold, and what an editor sent back to them (send_back leaves the claim with them). */
export type MyClaims = { holding: MyClaim[]; sentBack: MyClaim[] };

/**
 * Claims assigned to this person that are still open (in progress or in review), at most `limit`, oldest
 * first. A claim is "sent back" when its latest move was in_review → in_progress (an editor's send_back).
 */
export async function loadMyClaims(db: DataSource, personId: string, limit = 100): Promise<MyClaims> {
  const rows = await db.query<Array<Row>>(
    `SELECT claim.id, claim.article_id, article.title AS article_title, claim.quote, claim.claimant, claim.status, claim.version,
            (moved.from_status = 'in_review' AND claim.status = 'in_progress') AS sent_back, ${lastChangeColumns}
     FROM claims claim
     JOIN articles article ON article.id = claim.article_id
     LEFT JOIN LATERAL (
       SELECT event.from_status FROM claim_events event
       WHERE event.claim_id = claim.id AND event.action = 'status.changed'
       ORDER BY event.seq DESC LIMIT 1
     ) moved ON true
     ${lastChangeJoin}
     WHERE claim.assignee_id = $1 AND claim.status IN ('in_progress', 'in_review')
     ORDER BY claim.seq
     LIMIT $2`,
    [personId, limit],
  );
  const claims = rows.map((row) => ({ claim: toMyClaim(row), sentBack: row.sent_back === true }));
  return {
    holding: claims.filter((entry) => !entry.sentBack).map((entry) => entry.claim),
    sentBack: claims.filter((entry) => entry.sentBack).map((entry) => entry.claim),
  };
}

type Row = LastChangeRow & {
  id: string;
  article_id: string;
  article_title: string;
  quote: string;
  claimant: string;
  status: ClaimStatus;
  version: number;
  sent_back: boolean | null;
};

const toMyClaim = (row: Row): MyClaim => ({
  id: row.id,
  article: { id: row.article_id, title: row.article_title },
  quote: row.quote,
  claimant: row.claimant,
  status: row.status,
  version: row.version,
  lastChange: lastChangeOf(row),
});
