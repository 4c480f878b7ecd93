import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { Article } from '../articles/article.entity';
import { searchQuerySql } from '../claims/claim-search';
import { Claim } from '../claims/claim.entity';
import { Evidence } from '../evidence/evidence.entity';
import type { Rating } from '../ratings/rating.entity';
import { allRatings } from '../ratings/ratings.service';
import { User } from '../users/user.entity';
import { Verdict, type PublishedArticle } from '../workflow/verdict.entity';

/**
 * A published fact-check as the public sees it: the claim and every verdict published on it (oldest
 * first; the last is current). The claim, its chain and its article as the public sees them are in
 * each verdict's snapshot; drafts, proposals and the live article are never read here.
 */
export type FactCheck = {
  /** For its id and publication times only. */
  claim: Claim;
  verdicts: Verdict[];
  ratings: Map<string, Rating>;
  /** When the article's body was last revised, if that was after the current verdict was published; else null. */
  articleRevisedAt: Date | null;
  /** Later claims published as matches of this one: where else it appeared, as each match's verdict shows its article. */
  matches: Array<{ claimId: string; article: PublishedArticle }>;
};

/** The time a page last changed: its latest publication, or a later revision of its article. */
export const lastChangeOf = ({ claim, articleRevisedAt }: FactCheck): Date =>
  articleRevisedAt && articleRevisedAt > claim.lastPublishedAt! ? articleRevisedAt : claim.lastPublishedAt!;

export type FactCheckPosition = { publishedAt: Date; id: string };

export const ratingKey = (verdict: Pick<Verdict, 'ratingScaleVersion' | 'rating'>): string =>
  `${verdict.ratingScaleVersion}:${verdict.rating}`;

/**
 * The words of the current verdict's snapshot, as the claims' own index takes them (see claim-search.ts):
 * the public search reads what was published, never the desk's later edits of the claim.
 */
const publishedWordsSql = `(SELECT ${['simple', 'indonesian', 'english']
  .map((config) => `to_tsvector('${config}', concat_ws(' ', v.claim_snapshot->>'quote', v.claim_snapshot->>'summary', v.claim_snapshot->>'claimant'))`)
  .join(' || ')}
  FROM verdicts v WHERE v.claim_id = claim.id ORDER BY v.published_at DESC, v.id DESC LIMIT 1)`;

/**
 * Newest change first; `after` continues from the last item of the previous page. `q` keeps the
 * fact-checks whose published quote, summary or claimant match it (websearch syntax, as the desk's search).
 */
export async function findFactChecks(
  manager: EntityManager,
  { limit, after, q }: { limit: number; after?: FactCheckPosition; q?: string },
): Promise<FactCheck[]> {
  const query = manager
    .createQueryBuilder(Claim, 'claim')
    .where('claim.lastPublishedAt IS NOT NULL')
    .orderBy('claim.lastPublishedAt', 'DESC')
    .addOrderBy('claim.id', 'DESC')
    .limit(limit);
  if (after) {
    query.andWhere('(claim.lastPublishedAt, claim.id) < (:publishedAt, :id)', after);
  }
  if (q) {
    // The claims' own index finds the candidates (cheap at any size); the published words decide. A claim
    // whose live text no longer has the words is missed until its correction is published: nothing leaks.
    query.andWhere(`claim.searchVector @@ (${searchQuerySql(':q')})`, { q });
    query.andWhere(`${publishedWordsSql} @@ (${searchQuerySql(':q')})`);
  }
  return withDetails(manager, await query.getMany());
}

export async function findFactCheck(manager: EntityManager, claimId: string): Promise<FactCheck | undefined> {
  const claim = await manager.findOneBy(Claim, { id: claimId });
  if (!claim?.lastPublishedAt) return undefined;
  return (await withDetails(manager, [claim]))[0];
}

/** These published fact-checks, in the order given (ids not published now are left out). */
export async function findFactChecksByIds(manager: EntityManager, ids: string[]): Promise<FactCheck[]> {
  if (ids.length === 0) return [];
  const claims = await manager.find(Claim, { where: { id: In(ids), lastPublishedAt: Not(IsNull()) } });
  const byId = new Map(claims.map((claim) => [claim.id, claim]));
  return withDetails(manager, ids.flatMap((id) => byId.get(id) ?? []));
}

async function withDetails(manager: EntityManager, claims: Claim[]): Promise<FactCheck[]> {
  if (claims.length === 0) return [];
  const claimIds = claims.map((claim) => claim.id);
  const verdicts = await manager.find(Verdict, { where: { claimId: In(claimIds) }, order: { publishedAt: 'ASC', id: 'ASC' } });
  const ratings = new Map((await allRatings(manager)).map((rating) => [`${rating.scaleVersion}:${rating.id}`, rating]));
  const articleIds = [...new Set(claims.map((claim) => claim.articleId))];
  // Only the revision time is read of the live article: everything else public comes from the verdict's snapshot.
  const [revised, matches] = await Promise.all([
    manager.find(Article, { select: { id: true, revisedAt: true }, where: { id: In(articleIds) } }),
    publishedMatches(manager, claimIds),
  ]);
  const revisedAt = new Map(revised.map((article) => [article.id, article.revisedAt]));
  return claims.map((claim) => {
    const claimVerdicts = verdicts.filter((verdict) => verdict.claimId === claim.id);
    const articleRevisedAt = revisedAt.get(claim.articleId) ?? null;
    const current = claimVerdicts.at(-1)!;
    return {
      claim,
      verdicts: claimVerdicts,
      ratings,
      articleRevisedAt: articleRevisedAt && articleRevisedAt > current.publishedAt ? articleRevisedAt : null,
      matches: matches.filter((match) => match.originalId === claim.id).map(({ claimId, article }) => ({ claimId, article })),
    };
  });
}

/** The published matches of these claims, first published first, each with its article as its current verdict shows it. */
async function publishedMatches(manager: EntityManager, originalIds: string[]) {
  const rows = await manager.query<Array<{ claimId: string; originalId: string; article: PublishedArticle; firstPublishedAt: Date }>>(
    `SELECT DISTINCT ON (v."claim_id") v."claim_id" AS "claimId", c."match_of_id" AS "originalId",
            v."claim_snapshot" -> 'article' AS "article", c."first_published_at" AS "firstPublishedAt"
       FROM "claims" c JOIN "verdicts" v ON v."claim_id" = c."id"
      WHERE c."match_of_id" = ANY($1::uuid[]) AND c."last_published_at" IS NOT NULL
      ORDER BY v."claim_id", v."published_at" DESC, v."id" DESC`,
    [originalIds],
  );
  return rows.sort((a, b) => new Date(a.firstPublishedAt).getTime() - new Date(b.firstPublishedAt).getTime() || a.claimId.localeCompare(b.claimId));
}

/** What the HTML page shows beside the published record: the evidence and the people behind each verdict. */
export type FactCheckDetails = FactCheck & {
  /** The evidence the current verdict was published on: added before it, not retracted before it. */
  evidence: Evidence[];
  /** Names of the people who proposed and approved each verdict, by id. */
  names: Map<string, string>;
};

export async function findFactCheckDetails(manager: EntityManager, claimId: string): Promise<FactCheckDetails | undefined> {
  const factCheck = await findFactCheck(manager, claimId);
  if (!factCheck) return undefined;
  const { publishedAt } = factCheck.verdicts.at(-1)!;
  const evidence = await manager
    .createQueryBuilder(Evidence, 'evidence')
    .where('evidence.claimId = :claimId', { claimId })
    .andWhere('evidence.createdAt <= :publishedAt', { publishedAt })
    .andWhere('(evidence.retractedAt IS NULL OR evidence.retractedAt > :publishedAt)', { publishedAt })
    .orderBy('evidence.seq', 'ASC')
    .getMany();
  const ids = [...new Set(factCheck.verdicts.flatMap((verdict) => [verdict.proposedBy, verdict.approvedBy]))];
  const people = await manager.find(User, { select: { id: true, name: true }, where: { id: In(ids) } });
  return { ...factCheck, evidence, names: new Map(people.map((person) => [person.id, person.name])) };
}
