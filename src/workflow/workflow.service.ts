import type { DataSource, EntityManager } from 'typeorm';
import { changeClaim } from '../claims/claim-command';
import type { Claim } from '../claims/claim.entity';
import { Problem, validationFailed } from '../errors/problem';
import { countCurrentEvidence } from '../evidence/evidence.service';
import { currentRatingScale, type RatingScale } from '../ratings/ratings.service';
import type { Actor } from '../users/users.service';
import { failedGuard, findMove, guards, movesFrom, type Move, type MoveName } from './transitions';
import type { TransitionDto } from './transitions.dto';
import { Verdict, type PublishedClaim } from './verdict.entity';
import { loadSources } from '../claims/claims.service';
import { presentSource } from '../claims/claim.presenter';
import { announcePublicChange } from '../public-cache/publications';
import { Article } from '../articles/article.entity';
import { publishedArticleOf } from '../articles/published-article';

/** What a move's effect may use; the rating scale is read only for a proposal, once. */
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
  const outcome = await changeClaim(db, claimId, ifMatch, actor, async (manager, claim) => {
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
    const scale = move.name === 'propose' ? await currentRatingScale(manager) : undefined;
    const failed = failedGuard(move, {
      actor,
      claim,
      input,
      ratingExists: scale?.ratings.some((rating) => rating.id === input.rating) ?? false,
      currentEvidence: move.guards.includes(guards.evidenceAttached) ? await countCurrentEvidence(manager, claim.id) : 0,
    });
    if (failed) throw new Problem('transition-guard-failed', failed.failsWith, { guard: failed.name });

    const rationale = move.name === 'approve' ? claim.proposedRationale : (input.rationale ?? null);
    const rating = move.name === 'approve' ? claim.proposedRating : (input.rating ?? null);
    await effects[move.name]({ manager, claim, actor, input, scale });
    claim.status = move.to;
    return {
      event: { action: 'status.changed', fromStatus: from, toStatus: move.to, rating, rationale, note: input.note ?? null },
      result: move,
    };
  });
  return outcome;
}

const effects: Record<MoveName, Effect> = {
  take: async ({ claim, actor }) => {
    claim.assigneeId = actor.id;
  },
  open_correction: async ({ claim, actor }) => {
    claim.assigneeId = actor.id;
  },
  propose: async ({ claim, actor, input, scale }) => {
    claim.proposedRating = input.rating!;
    claim.proposedRatingScaleVersion = scale!.version;
    claim.proposedRationale = input.rationale!;
    claim.proposedBy = actor.id;
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

async function snapshotOf(manager: EntityManager, claim: Claim): Promise<PublishedClaim> {
  const { quote, summary, claimant, claimDate, language } = claim;
  const article = await manager.findOneByOrFail(Article, { id: claim.articleId });
  return {
    quote, summary, claimant, claimDate, language,
    sources: (await loadSources(manager, claim.id)).map(presentSource),
    article: publishedArticleOf(article),
  };
}

function clearProposal(claim: Claim): void {
  claim.proposedRating = null;
  claim.proposedRatingScaleVersion = null;
  claim.proposedRationale = null;
  claim.proposedBy = null;
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
