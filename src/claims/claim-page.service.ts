import { In, type DataSource } from 'typeorm';
import { Article } from '../articles/article.entity';
import type { Evidence } from '../evidence/evidence.entity';
import { listEvidence } from '../evidence/evidence.service';
import { listHistory, type EventWithActor } from '../history/history.service';
import { currentRatingScale, type RatingScale } from '../ratings/ratings.service';
import { User } from '../users/user.entity';
import type { Actor } from '../users/users.service';
import { isEditable, movesFor, type Move } from '../workflow/transitions';
import { getClaim, type ClaimWithSources } from './claims.service';

/** Everything the claim page shows, read through the same services as the API's claim, evidence, history and ratings. */
export type ClaimView = ClaimWithSources & {
  article: Pick<Article, 'id' | 'title' | 'body' | 'url'>;
  evidence: Evidence[];
  history: EventWithActor[];
  scale: RatingScale;
  /** Names of the people the claim refers to by id (assignee, proposer, who added or retracted evidence). */
  names: Record<string, string>;
  /** What this person may do here: the moves of the transition table, and whether content may change. */
  moves: Move[];
  editable: boolean;
};

const pageSize = 100;

export async function loadClaimView(db: DataSource, claimId: string, person: Actor): Promise<ClaimView> {
  const found = await getClaim(db, claimId);
  const { claim } = found;
  const [article, evidence, history, scale] = await Promise.all([
    db.manager.findOneOrFail(Article, { where: { id: claim.articleId }, select: { id: true, title: true, body: true, url: true } }),
    listEvidence(db.manager, claim.id, { limit: pageSize }),
    listHistory(db.manager, claim.id, { limit: pageSize }),
    currentRatingScale(db.manager),
  ]);
  const ids = [claim.assigneeId, claim.proposedBy, ...evidence.flatMap((piece) => [piece.addedBy, piece.retractedBy])].filter((id): id is string => Boolean(id));
  const people = ids.length > 0 ? await db.manager.find(User, { where: { id: In([...new Set(ids)]) }, select: { id: true, name: true } }) : [];
  return {
    ...found,
    article,
    evidence: evidence.slice(0, pageSize),
    history: history.slice(0, pageSize),
    scale,
    names: Object.fromEntries(people.map((user) => [user.id, user.name])),
    moves: movesFor(claim.status, person.role, claim),
    editable: isEditable(claim.status),
  };
}
