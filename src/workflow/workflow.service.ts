import type { DataSource, EntityManager } from 'typeorm';
import { moveClaim } from '../claims/claim-command';
import type { Claim } from '../claims/claim.entity';
import { Problem, validationFailed } from '../errors/problem';
import { countCurrentEvidence } from '../evidence/evidence.service';
import { currentRatingScale, type RatingScale } from '../ratings/ratings.service';
import type { Actor } from '../users/users.service';
import { failedGuard, findMove, guards, movesFrom, type Move, type MoveContext, type MoveName } from './transitions';
import { proposalDigest, snapshotOf } from './proposal-pin';
import type { TransitionDto } from './transitions.dto';
import { Verdict } from './verdict.entity';
import { announcePublicChange } from '../public-cache/publications';

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
  return moveClaim(db, claimId, ifMatch, actor, async (manager, claim) => {
    const from = claim.status;
    const move = findMove(from, input.to);
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
    const scale = move.guards.includes(guards.ratingGiven) ? await currentRatingScale(manager) : undefined;
    const failed = failedGuard(move, await contextOf(manager, move, claim, actor, input, scale));
    if (failed) throw new Problem('transition-guard-failed', failed.failsWith, { guard: failed.name });

    const rationale = move.name === 'approve' ? claim.proposedRationale : (input.rationale ?? null);
    const rating = move.name === 'approve' ? claim.proposedRating : (input.rating ?? null);
    const assigneeBefore = claim.assigneeId;
    await effects[move.name]({ manager, claim, actor, input, scale });
    claim.status = move.to;
    const changes = claim.assigneeId === assigneeBefore ? null : { assigneeId: { from: assigneeBefore, to: claim.assigneeId } };
    return {
      event: { action: 'status.changed', fromStatus: from, toStatus: move.to, rating, rationale, note: input.note ?? null, changes },
      result: move,
    };
  });
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
  const approving = move.name === 'approve';
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
  send_back: async ({ claim }) => {
    clearProposal(claim);
  },
  approve: async ({ manager, claim, actor, input }) => {
    const publishedAt = new Date();
    await manager.save(
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
      }),
    );
    await announcePublicChange(manager, claim.id);
    claim.rating = claim.proposedRating;
    claim.ratingScaleVersion = claim.proposedRatingScaleVersion;
    claim.firstPublishedAt ??= publishedAt;
    claim.lastPublishedAt = publishedAt;
    clearProposal(claim);
  },
  set_aside: async () => undefined,
  reopen: async ({ claim }) => {
    claim.assigneeId = null; // unverified again: nobody is working on it
  },
};

function clearProposal(claim: Claim): void {
  claim.proposedRating = null;
  claim.proposedRatingScaleVersion = null;
  claim.proposedRationale = null;
  claim.proposedBy = null;
  claim.proposalDigest = null;
}

function refuseFieldsTheMoveIgnores(move: Move, input: TransitionDto): void {
  const ignored = (['rating', 'rationale', 'note'] as const).filter(
    (field) => input[field] !== undefined && !move.accepts.includes(field),
  );
  if (ignored.length > 0) {
    throw validationFailed(
      ignored.map((field) => ({ pointer: `#/${field}`, detail: `${field} does not go with a move to ${move.to}` })),
    );
  }
}
