import type { DataSource, EntityManager } from 'typeorm';
import { Article } from '../articles/article.entity';
import { notFound } from '../errors/problem';
import { decodeCursor } from '../http/pagination';
import { canonicalLanguageTag } from '../http/validators';
import { sha256 } from '../text/sha256';
import { anchorQuote } from './anchor';
import { ClaimSource } from './claim-source.entity';
import { Claim } from './claim.entity';
import { searchQuerySql } from './claim-search';
import type { CreateClaimDto, ListClaimsQuery, SourceHopDto, UpdateClaimDto } from './claims.dto';

export type ClaimWithSources = { claim: Claim; sources: ClaimSource[] };

/** Anchors a new claim in its article's body and records its source chain, all or nothing. */
export async function createClaim(db: DataSource, articleId: string, input: CreateClaimDto): Promise<ClaimWithSources> {
  return db.transaction(async (manager) => {
    // FOR SHARE: the body cannot be replaced between anchoring and inserting.
    const article = await manager.findOne(Article, { where: { id: articleId }, lock: { mode: 'pessimistic_read' } });
    if (!article) throw notFound('article', articleId);
    return insertClaim(manager, article, input);
  });
}

/** The insert itself, for callers that already hold a transaction and the article (the seed). */
export async function insertClaim(manager: EntityManager, article: Article, input: CreateClaimDto): Promise<ClaimWithSources> {
  const offsets = input.start !== undefined && input.end !== undefined ? { start: input.start, end: input.end } : undefined;
  const { start, end } = anchorQuote(article.body, input.quote, offsets);
  const claim = await manager.save(
    manager.create(Claim, {
      articleId: article.id,
      quote: input.quote,
      start,
      end,
      quoteSha256: sha256(input.quote),
      summary: input.summary ?? null,
      claimant: input.claimant,
      claimDate: input.claimDate ?? null,
      language: canonicalLanguageTag(input.language ?? article.language)!,
    }),
  );
  return { claim, sources: await replaceSources(manager, claim.id, input.sources ?? []) };
}

export async function getClaim(db: DataSource, id: string): Promise<ClaimWithSources> {
  const claim = await db.manager.findOneBy(Claim, { id });
  if (!claim) throw notFound('claim', id);
  return { claim, sources: await loadSources(db.manager, id) };
}

export async function listClaims(db: DataSource, query: ListClaimsQuery): Promise<ClaimWithSources[]> {
  const select = db.manager
    .createQueryBuilder(Claim, 'claim')
    .orderBy('claim.seq', 'DESC')
    .limit(query.limit + 1);
  const after = decodeCursor(query.cursor);
  if (after) select.andWhere('claim.seq < :after', { after });
  if (query.articleId) select.andWhere('claim.articleId = :articleId', { articleId: query.articleId });
  if (query.status) select.andWhere('claim.status = :status', { status: query.status });
  if (query.claimant) {
    select.andWhere(`claim.claimant ILIKE :claimant ESCAPE '\\'`, { claimant: `%${escapeLike(query.claimant)}%` });
  }
  if (query.q) select.andWhere(`claim.searchVector @@ (${searchQuerySql(':q')})`, { q: query.q });
  const claims = await select.getMany();
  return attachSources(db.manager, claims);
}

export async function updateClaim(db: DataSource, id: string, input: UpdateClaimDto): Promise<ClaimWithSources> {
  return db.transaction(async (manager) => {
    const claim = await manager.findOne(Claim, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!claim) throw notFound('claim', id);
    if (Object.values(input).every((value) => value === undefined)) return { claim, sources: await loadSources(manager, id) };
    if (input.summary !== undefined) claim.summary = input.summary;
    if (input.claimant !== undefined) claim.claimant = input.claimant;
    if (input.claimDate !== undefined) claim.claimDate = input.claimDate;
    claim.version += 1;
    const saved = await manager.save(claim);
    const sources = input.sources ? await replaceSources(manager, id, input.sources) : await loadSources(manager, id);
    return { claim: saved, sources };
  });
}

const loadSources = (manager: EntityManager, claimId: string): Promise<ClaimSource[]> =>
  manager.find(ClaimSource, { where: { claimId }, order: { position: 'ASC' } });

async function replaceSources(manager: EntityManager, claimId: string, hops: SourceHopDto[]): Promise<ClaimSource[]> {
  await manager.delete(ClaimSource, { claimId });
  if (hops.length === 0) return [];
  const rows = hops.map((hop, position) =>
    manager.create(ClaimSource, { claimId, position, name: hop.name, kind: hop.kind, url: hop.url ?? null, note: hop.note ?? null }),
  );
  return manager.save(rows);
}

async function attachSources(manager: EntityManager, claims: Claim[]): Promise<ClaimWithSources[]> {
  if (claims.length === 0) return [];
  const sources = await manager
    .createQueryBuilder(ClaimSource, 'source')
    .where('source.claimId IN (:...ids)', { ids: claims.map((claim) => claim.id) })
    .orderBy('source.position', 'ASC')
    .getMany();
  return claims.map((claim) => ({ claim, sources: sources.filter((source) => source.claimId === claim.id) }));
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (character) => `\\${character}`);
