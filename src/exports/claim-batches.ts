import { In, type EntityManager } from 'typeorm';
import { Article } from '../articles/article.entity';
import { ClaimSource } from '../claims/claim-source.entity';
import { Claim } from '../claims/claim.entity';
import type { ClaimFilters } from '../claims/claims.dto';
import { filterClaims } from '../claims/claims.service';
import { User } from '../users/user.entity';

/** A claim with what an export shows beside it. */
export type ExportedClaim = { claim: Claim; article: Article | undefined; assignee: User | undefined; sources: ClaimSource[] };

/** Rows read per query: each batch is one short query per table, so nothing holds the connection between them. */
export const exportBatchSize = 1000;

/**
 * Every claim the filters select, newest first (the order of GET /claims), in batches read by keyset
 * on `seq`. No cursor stays open: the embedded database has one connection, and other requests get
 * their turn between batches. A claim created during the export is not in it (it sorts before the start).
 */
export async function* claimBatches(manager: EntityManager, filters: ClaimFilters, batchSize = exportBatchSize): AsyncGenerator<ExportedClaim[]> {
  let after: string | undefined;
  for (;;) {
    const select = filterClaims(manager.createQueryBuilder(Claim, 'claim'), filters).orderBy('claim.seq', 'DESC').limit(batchSize);
    if (after) select.andWhere('claim.seq < :after', { after });
    const claims = await select.getMany();
    if (claims.length === 0) return;
    yield withDetails(manager, claims);
    if (claims.length < batchSize) return;
    after = claims.at(-1)!.seq;
  }
}

async function withDetails(manager: EntityManager, claims: Claim[]): Promise<ExportedClaim[]> {
  const articleIds = [...new Set(claims.map((claim) => claim.articleId))];
  const assigneeIds = [...new Set(claims.flatMap((claim) => (claim.assigneeId ? [claim.assigneeId] : [])))];
  const [articles, assignees, sources] = await Promise.all([
    // The body is the article's largest field and no export shows it.
    manager.find(Article, { where: { id: In(articleIds) }, select: { id: true, title: true, url: true, publisher: true, publishedAt: true } }),
    assigneeIds.length > 0 ? manager.find(User, { where: { id: In(assigneeIds) } }) : [],
    manager.find(ClaimSource, { where: { claimId: In(claims.map((claim) => claim.id)) }, order: { claimId: 'ASC', position: 'ASC' } }),
  ]);
  const articleById = new Map(articles.map((article) => [article.id, article]));
  const assigneeById = new Map(assignees.map((user) => [user.id, user]));
  const sourcesByClaim = new Map<string, ClaimSource[]>();
  for (const source of sources) {
    const list = sourcesByClaim.get(source.claimId);
    if (list) list.push(source);
    else sourcesByClaim.set(source.claimId, [source]);
  }
  return claims.map((claim) => ({
    claim,
    article: articleById.get(claim.articleId),
    assignee: claim.assigneeId ? assigneeById.get(claim.assigneeId) : undefined,
    sources: sourcesByClaim.get(claim.id) ?? [],
  }));
}
