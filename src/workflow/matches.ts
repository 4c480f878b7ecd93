import type { EntityManager } from 'typeorm';
import { followClaim, touchPublication } from '../claims/claim-command';
import { Claim } from '../claims/claim.entity';
import { announcePublicChange } from '../public-cache/publications';
import type { Actor } from '../users/users.service';
import { currentVerdictOf } from './proposal-pin';
import type { MoveContext } from './transitions';
import { Verdict } from './verdict.entity';

/** What the match guards look at: the fact-check named, and whether this claim is an original itself. */
export async function matchContext(manager: EntityManager, claimId: string, matchOf: string | null | undefined): Promise<MoveContext['match']> {
  const original = matchOf ? await manager.findOne(Claim, { select: { id: true, lastPublishedAt: true, matchOfId: true }, where: { id: matchOf } }) : null;
  return {
    published: original?.lastPublishedAt != null,
    isMatch: original?.matchOfId != null,
    self: matchOf === claimId,
    hasMatches: await manager.existsBy(Claim, { matchOfId: claimId }),
  };
}

/** The verdict a match proposal copies: the original's current one (the guards made sure there is one). */
export async function matchedVerdict(manager: EntityManager, originalId: string): Promise<Verdict> {
  const verdict = await currentVerdictOf(manager, originalId);
  if (!verdict) throw new Error(`matched claim ${originalId} has no verdict`);
  return verdict;
}

/**
 * A match was published, or a claim stopped being one: the original's ClaimReview lists (or no longer
 * lists) its article, so its public record changed now. Its lock is already held (moveClaim's lockFirst).
 */
export async function originalChanged(manager: EntityManager, originalId: string, at: Date): Promise<void> {
  await touchPublication(manager, originalId, at);
  await announcePublicChange(manager, originalId);
}

/**
 * The original's new verdict (a correction) flows to every match: each gets a verdict of its own with
 * the original's rating, rationale and correction note, over its own published snapshot (never its
 * unpublished edits), recorded in its history as `verdict.followed` by whoever approved the correction.
 */
export async function followCorrection(manager: EntityManager, originalId: string, verdict: Verdict, actor: Actor): Promise<void> {
  const matches = await manager.find(Claim, { select: { id: true }, where: { matchOfId: originalId }, order: { id: 'ASC' } });
  for (const { id } of matches) {
    await followClaim(manager, id, actor, async (inner, match) => {
      const previous = await matchedVerdict(inner, match.id);
      const publishedAt = new Date();
      await inner.save(
        inner.create(Verdict, {
          claimId: match.id,
          rating: verdict.rating,
          ratingScaleVersion: verdict.ratingScaleVersion,
          rationale: verdict.rationale,
          proposedBy: verdict.proposedBy,
          approvedBy: verdict.approvedBy,
          correctionNote: verdict.correctionNote,
          publishedAt,
          claimSnapshot: previous.claimSnapshot,
          followedVerdictId: verdict.id,
        }),
      );
      await announcePublicChange(inner, match.id);
      const ratingBefore = match.rating;
      match.rating = verdict.rating;
      match.ratingScaleVersion = verdict.ratingScaleVersion;
      match.lastPublishedAt = publishedAt;
      return {
        event: {
          action: 'verdict.followed' as const,
          rating: verdict.rating,
          rationale: verdict.rationale,
          note: verdict.correctionNote,
          changes: { matchOf: originalId, verdictId: verdict.id, rating: { from: ratingBefore, to: verdict.rating } },
        },
        result: undefined,
      };
    });
  }
}
