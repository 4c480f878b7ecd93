import type { DataSource, EntityManager } from 'typeorm';
import { Article } from '../articles/article.entity';
import { Claim } from '../claims/claim.entity';
import { insertClaim, type ClaimWithSources } from '../claims/claims.service';
import { notFound, Problem } from '../errors/problem';
import type { Actor } from '../users/users.service';
import type { CreateClaimFromCandidateDto } from './candidates.dto';
import { candidatesOf } from './candidate-reader';
import { defaultMinScore, type Candidate } from './find-candidates';

export type CandidateWithClaim = Candidate & { claimId: string | null };

/** The claimant of a claim whose article names no source (the seed's wording). */
export const articleAsClaimant = 'The article (no source given)';

/** The article's candidates scoring at least `minScore`, each with the existing claim that overlaps it most. */
export async function listCandidates(db: DataSource, articleId: string, actor: Actor, minScore = defaultMinScore): Promise<CandidateWithClaim[]> {
  const article = await db.manager.findOneBy(Article, { id: articleId });
  if (!article) throw notFound('article', articleId);
  const claims = await db.manager.find(Claim, { where: { articleId }, select: { id: true, start: true, end: true, seq: true }, order: { seq: 'ASC' } });
  return (await candidatesOf(article.body, article.language, actor.id))
    .filter((candidate) => candidate.score >= minScore)
    .map((candidate) => ({ ...candidate, claimId: mostOverlapping(candidate, claims)?.id ?? null }));
}

function mostOverlapping(span: { start: number; end: number }, claims: Claim[]): Claim | undefined {
  let best: { claim: Claim; overlap: number } | undefined;
  for (const claim of claims) {
    const overlap = Math.min(span.end, claim.end) - Math.max(span.start, claim.start);
    if (overlap > 0 && overlap > (best?.overlap ?? 0)) best = { claim, overlap };
  }
  return best?.claim;
}

/**
 * Anchors the candidate at the given offsets as a claim, with its claimant and source chain, in a
 * transaction that holds the body (FOR SHARE, like any claim creation) as the candidates read it.
 */
export async function createClaimFromCandidate(
  db: DataSource,
  articleId: string,
  actor: Actor,
  input: CreateClaimFromCandidateDto,
): Promise<ClaimWithSources> {
  // The candidates are read before the transaction, so that no lock (on the embedded database, no
  // connection) is held while they are. Should the body change in between, the transaction is left and
  // the candidates read again, outside it: a few tries, then 409.
  for (let tries = 1; ; tries++) {
    const unlocked = await db.manager.findOneBy(Article, { id: articleId });
    if (!unlocked) throw notFound('article', articleId);
    const candidates = await candidatesOf(unlocked.body, unlocked.language, actor.id);
    const created = await db.transaction(async (manager: EntityManager) => {
      const article = await manager.findOne(Article, { where: { id: articleId }, lock: { mode: 'pessimistic_read' } });
      if (!article) throw notFound('article', articleId);
      if (article.body !== unlocked.body || article.language !== unlocked.language) return undefined;
      return createFrom(manager, article, candidates, input, actor);
    });
    if (created) return created;
    if (tries === 3) throw new Problem('article-changed', 'The article’s body changed while its candidates were read; read them again.');
  }
}

/** The claim of the candidate at the input's offsets, on the article read under its lock. */
function createFrom(manager: EntityManager, article: Article, candidates: Candidate[], input: CreateClaimFromCandidateDto, actor: Actor): Promise<ClaimWithSources> {
  const { start, end } = input.fromCandidate;
  const candidate = candidates.find((found) => found.start === start && found.end === end);
  if (!candidate) {
    throw new Problem('candidate-not-found', `No candidate of this article spans ${start}-${end}; read GET /api/v1/articles/${article.id}/candidates?minScore=0 for their offsets.`, { start, end });
  }
  return insertClaim(
    manager,
    article,
    {
      quote: candidate.quote,
      start,
      end,
      claimant: input.claimant ?? candidate.claimant?.name ?? articleAsClaimant,
      sources: input.sources ?? candidate.sources.map((hop) => ({ name: hop.name, kind: hop.kind, url: null, note: null })),
      summary: input.summary ?? null,
      claimDate: input.claimDate ?? null,
      ...(input.language ? { language: input.language } : {}),
    },
    actor,
  );
}
