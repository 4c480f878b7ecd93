import type { DataSource, EntityManager } from 'typeorm';
import { moveClaim } from '../claims/claim-command';
import { Claim } from '../claims/claim.entity';
import { Problem, validationFailed } from '../errors/problem';
import { countCurrentEvidence } from '../evidence/evidence.service';
import { currentRatingScale, type RatingScale } from '../ratings/ratings.service';
import type { Actor } from '../users/users.service';
import { failedGuard, findMove, guards, movesFrom, type Move, type MoveContext, type MoveName } from './transitions';
import { proposalDigest, snapshotOf } from './proposal-pin';
import type { TransitionDto } from './transitions.dto';
import { Verdict } from './verdict.entity';
import { announcePublicChange } from '../public-cache/publications';
import { followCorrection, matchContext, matchedVerdict, originalChanged } from './matches';

/** What a move's effect may use; the rating scale is read only for a proposal or an approval, once. */
type EffectContext = { manager: EntityManager; claim: Claim; actor: Actor; input: TransitionDto; scale?: RatingScale };
type Effect = (context: EffectContext) => Promise<void>;

/** Moves a claim through the workflow (see transitions.ts), recording the move in its history. */
export async function transitionClaim(
  db: DataSource,
  claimId: string,
  ifMatch: string | undefined,
  actor: Actor,
  input: TransitionDto,
): Promise<{ claim: Claim; result: Move }> {
  // One spelling of an id, so that naming this claim itself in upper case is seen as itself.
  if (input.matchOf !== undefined) input.matchOf = input.matchOf.toLowerCase();
  const originals = await originalsToLock(db, claimId, input);
  return moveClaim(db, claimId, ifMatch, actor, async (manager, claim) => {
    const from = claim.status;
    const matching = input.matchOf !== undefined || (from === 'in_review' && claim.proposedMatchOfId !== null);
    const move = findMove(from, input.to, matching);
    if (!move) {
      throw new Problem('transition-not-allowed', `A claim that is ${from} cannot move to ${input.to}.`, {
        from,
        to: input.to,
        allowed: movesFrom(from),
      });
    }
    if (!move.roles.includes(actor.role)) {
      throw new Problem('forbidden', `Only ${move.roles.join(' or ')} may move a claim from ${from} to ${move.to}.`);
    }
    refuseFieldsTheMoveIgnores(move, input);
    if (move.to === 'published' && [claim.proposedMatchOfId, claim.matchOfId].some((id) => id !== null && !originals.includes(id))) {
      // Re-proposed against another fact-check since it was read to be locked first: approve again.
      throw new Problem('transition-guard-failed', guards.proposalIntact.failsWith, { guard: guards.proposalIntact.name });
    }
    const scale = move.guards.includes(guards.ratingGiven) ? await currentRatingScale(manager) : undefined;
    const failed = failedGuard(move, await contextOf(manager, move, claim, actor, input, scale));
    if (failed) throw new Problem('transition-guard-failed', failed.failsWith, { guard: failed.name });

    const before = { ...claim };
    await effects[move.name]({ manager, claim, actor, input, scale });
    claim.status = move.to;
    // Approving records the verdict as proposed; proposing, as now proposed (a match's comes from its original).
    const verdictOf = move.to === 'published' ? before : move.to === 'in_review' ? claim : undefined;
    const rating = verdictOf?.proposedRating ?? null;
    const rationale = verdictOf?.proposedRationale ?? null;
    const changes = changed(before, claim, ['assigneeId', 'proposedMatchOfId', 'matchOfId']);
    return {
      event: { action: 'status.changed', fromStatus: from, toStatus: move.to, rating, rationale, note: input.note ?? null, changes },
      result: move,
    };
  }, originals);
}

/**
 * The fact-checks an approval will touch besides the claim (the original it is proposed as a match of,
 * or the one it was a match of), read before the claim is locked so that they are locked first.
 */
async function originalsToLock(db: DataSource, claimId: string, input: TransitionDto): Promise<string[]> {
  if (input.to !== 'published') return [];
  const claim = await db.manager.findOne(Claim, { select: { id: true, proposedMatchOfId: true, matchOfId: true }, where: { id: claimId } });
  return [claim?.proposedMatchOfId, claim?.matchOfId].filter((id): id is string => typeof id === 'string');
}

/** The fields that moved, as {field: {from, to}}, or null when none did. */
function changed(before: Claim, after: Claim, fields: Array<'assigneeId' | 'proposedMatchOfId' | 'matchOfId'>) {
  const moved = fields.filter((field) => before[field] !== after[field]);
  return moved.length === 0 ? null : Object.fromEntries(moved.map((field) => [field, { from: before[field], to: after[field] }]));
}

/** What the move's guards look at; the costly parts (evidence count, digest) only when a guard needs them. */
async function contextOf(
  manager: EntityManager,
  move: Move,
  claim: Claim,
  actor: Actor,
  input: TransitionDto,
  scale: RatingScale | undefined,
): Promise<MoveContext> {
  const approving = move.to === 'published';
  const verdict = approving
    ? { rating: claim.proposedRating ?? undefined, rationale: claim.proposedRationale ?? undefined }
    : { rating: input.rating, rationale: input.rationale };
  const ratingInScale =
    scale !== undefined &&
    scale.ratings.some((rating) => rating.id === verdict.rating) &&
    (!approving || claim.proposedRatingScaleVersion === scale.version);
  return {
    actor,
    claim,
    input,
    verdict,
    ratingInScale,
    currentEvidence: move.guards.includes(guards.evidenceAttached) ? await countCurrentEvidence(manager, claim.id) : 0,
    proposalIntact:
      move.guards.includes(guards.proposalIntact) &&
      claim.proposalDigest !== null &&
      claim.proposalDigest === (await proposalDigest(manager, claim, claim.version)),
    ...(move.match ? { match: await matchContext(manager, claim.id, approving ? claim.proposedMatchOfId : input.matchOf) } : {}),
  };
}

const effects: Record<MoveName, Effect> = {
  take: async ({ claim, actor }) => {
    claim.assigneeId = actor.id;
  },
  take_over: async ({ claim, actor }) => {
    claim.assigneeId = actor.id; // the previous assignee is in the history event's changes
  },
  open_correction: async ({ claim, actor }) => {
    claim.assigneeId = actor.id;
  },
  propose: async ({ manager, claim, actor, input, scale }) => {
    claim.proposedRating = input.rating!;
    claim.proposedRatingScaleVersion = scale!.version;
    claim.proposedRationale = input.rationale!;
    claim.proposedBy = actor.id;
    // The version this move is about to write (moveClaim bumps it once the effect has run).
    claim.proposalDigest = await proposalDigest(manager, claim, claim.version + 1);
  },
  propose_match: async ({ manager, claim, actor, input }) => {
    const verdict = await matchedVerdict(manager, input.matchOf!);
    claim.proposedRating = verdict.rating;
    claim.proposedRatingScaleVersion = verdict.ratingScaleVersion;
    claim.proposedRationale = verdict.rationale;
    claim.proposedBy = actor.id;
    claim.proposedMatchOfId = input.matchOf!;
    claim.proposalDigest = await proposalDigest(manager, claim, claim.version + 1);
  },
  send_back: async ({ claim }) => {
    clearProposal(claim);
  },
  approve: async (context) => {
    const { manager, claim, actor } = context;
    const verdict = await publish(context, null);
    const wasMatchOf = claim.matchOfId;
    claim.matchOfId = null; // a verdict of its own: no longer a match
    if (wasMatchOf) await originalChanged(manager, wasMatchOf, verdict.publishedAt);
    await followCorrection(manager, claim.id, verdict, actor);
  },
  approve_match: async (context) => {
    const { manager, claim } = context;
    const original = claim.proposedMatchOfId!;
    const verdict = await publish(context, (await matchedVerdict(manager, original)).id);
    const wasMatchOf = claim.matchOfId;
    claim.matchOfId = original;
    if (wasMatchOf && wasMatchOf !== original) await originalChanged(manager, wasMatchOf, verdict.publishedAt);
    await originalChanged(manager, original, verdict.publishedAt);
  },
  set_aside: async () => undefined,
  reopen: async ({ claim }) => {
    claim.assigneeId = null; // unverified again: nobody is working on it
  },
};

/** Writes the proposal as the claim's published verdict (with what it follows, for a match) and clears it. */
async function publish({ manager, claim, actor, input }: EffectContext, followedVerdictId: string | null): Promise<Verdict> {
  const publishedAt = new Date();
  const verdict = await manager.save(
    manager.create(Verdict, {
      claimId: claim.id,
      rating: claim.proposedRating!,
      ratingScaleVersion: claim.proposedRatingScaleVersion!,
      rationale: claim.proposedRationale!,
      proposedBy: claim.proposedBy!,
      approvedBy: actor.id,
      correctionNote: claim.firstPublishedAt ? input.note! : null,
      publishedAt,
      claimSnapshot: await snapshotOf(manager, claim),
      followedVerdictId,
    }),
  );
  await announcePublicChange(manager, claim.id);
  claim.rating = claim.proposedRating;
  claim.ratingScaleVersion = claim.proposedRatingScaleVersion;
  claim.firstPublishedAt ??= publishedAt;
  claim.lastPublishedAt = publishedAt;
  clearProposal(claim);
  return verdict;
}

function clearProposal(claim: Claim): void {
  claim.proposedRating = null;
  claim.proposedRatingScaleVersion = null;
  claim.proposedRationale = null;
  claim.proposedBy = null;
  claim.proposalDigest = null;
  claim.proposedMatchOfId = null;
}

function refuseFieldsTheMoveIgnores(move: Move, input: TransitionDto): void {
  const ignored = (['rating', 'rationale', 'note', 'matchOf'] as const).filter(
    (field) => input[field] !== undefined && !move.accepts.includes(field),
  );
  if (ignored.length > 0) {
    throw validationFailed(
      ignored.map((field) => ({ pointer: `#/${field}`, detail: `${field} does not go with a move to ${move.to}` })),
    );
  }
}
