import { IsNull, type EntityManager } from 'typeorm';
import { Article } from '../articles/article.entity';
import { publishedArticleOf } from '../articles/published-article';
import { presentSource } from '../claims/claim.presenter';
import type { Claim } from '../claims/claim.entity';
import { loadSources } from '../claims/claims.service';
import { Evidence } from '../evidence/evidence.entity';
import { sha256 } from '../text/sha256';
import { Verdict, type PublishedClaim } from './verdict.entity';

/**
 * The claim as the public will see it once approved, its article's public metadata included; stored
 * with the verdict. Being part of the digest, an article edit during review stops the approval too.
 */
export async function snapshotOf(manager: EntityManager, claim: Claim): Promise<PublishedClaim> {
  const { quote, summary, claimant, claimDate, language } = claim;
  const article = await manager.findOneByOrFail(Article, { id: claim.articleId });
  return {
    quote, summary, claimant, claimDate, language,
    sources: (await loadSources(manager, claim.id)).map(presentSource),
    article: publishedArticleOf(article),
  };
}

/** The verdict a published claim shows now: its latest. */
export const currentVerdictOf = (manager: EntityManager, claimId: string): Promise<Verdict | null> =>
  manager.findOne(Verdict, { where: { claimId }, order: { publishedAt: 'DESC', id: 'DESC' } });

/**
 * The digest of everything a proposal is about: the claim version it produced, the text and source
 * chain, the ids of the current evidence and the proposed verdict. Proposing stores it; approving
 * recomputes it, so that any change between the two, made by any path (even one that bypassed the
 * version or the in-review freeze), stops the approval. `version` is the version the claim has (or,
 * when proposing, will have) once the move is written.
 */
export async function proposalDigest(manager: EntityManager, claim: Claim, version: number): Promise<string> {
  const evidence = await manager.find(Evidence, { select: { id: true }, where: { claimId: claim.id, retractedAt: IsNull() }, order: { id: 'ASC' } });
  const { proposedRating, proposedRatingScaleVersion, proposedRationale, proposedBy, proposedMatchOfId } = claim;
  return sha256(
    JSON.stringify({
      version,
      claim: await snapshotOf(manager, claim),
      evidence: evidence.map(({ id }) => id),
      proposal: { proposedRating, proposedRatingScaleVersion, proposedRationale, proposedBy },
      // A match pins the verdict it carries: a correction of the original since stops the approval. (Absent
      // otherwise, so that digests pinned before matches existed still hold.)
      ...(proposedMatchOfId ? { match: { of: proposedMatchOfId, verdict: (await currentVerdictOf(manager, proposedMatchOfId))?.id ?? null } } : {}),
    }),
  );
}
