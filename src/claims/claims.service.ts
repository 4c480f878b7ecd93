import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Article } from '../articles/article.entity';
import { notFound } from '../errors/problem';
import { escapeLike } from '../database/sql';
import { decodeCursor } from '../http/pagination';
import { canonicalLanguageTag } from '../http/validators';
import { storeWordingBands } from '../similar/similar.service';
import { normaliseWording } from '../similar/wording';
import { sha256 } from '../text/sha256';
import { anchorQuote } from './anchor';
import { ClaimSource } from './claim-source.entity';
import { Claim } from './claim.entity';
import { searchQuerySql } from './claim-search';
import { changeClaim } from './claim-command';
import { presentSource } from './claim.presenter';
import { recordEvent } from '../history/history.service';
import type { Actor } from '../users/users.service';
import type { ClaimFilters, CreateClaimDto, ListClaimsQuery, SourceHopDto, UpdateClaimDto } from './claims.dto';

export type ClaimWithSources = { claim: Claim; sources: ClaimSource[] };

/** Anchors a new claim in its article's body and records its source chain, all or nothing. */
export async function createClaim(
  db: DataSource,
  articleId: string,
  actor: Actor,
  input: CreateClaimDto,
): Promise<ClaimWithSources> {
  return db.transaction(async (manager) => {
    // FOR SHARE: the body cannot be replaced between anchoring and inserting.
    const article = await manager.findOne(Article, { where: { id: articleId }, lock: { mode: 'pessimistic_read' } });
    if (!article) throw notFound('article', articleId);
    return insertClaim(manager, article, input, actor);
  });
}

/** The insert itself, for callers that already hold a transaction and the article (the seed: no actor). */
export async function insertClaim(
  manager: EntityManager,
  article: Article,
  input: CreateClaimDto,
  actor: Actor | null,
): Promise<ClaimWithSources> {
  const offsets = input.start !== undefined && input.end !== undefined ? { start: input.start, end: input.end } : undefined;
  const { start, end } = anchorQuote(article.body, input.quote, offsets);
  const claim = await manager.save(
    manager.create(Claim, {
      articleId: article.id,
      quote: input.quote,
      wording: normaliseWording(input.quote),
      start,
      end,
      quoteSha256: sha256(input.quote),
      summary: input.summary ?? null,
      claimant: input.claimant,
      claimDate: input.claimDate ?? null,
      language: canonicalLanguageTag(input.language ?? article.language)!,
    }),
  );
  await storeWordingBands(manager, claim.id, claim.wording!);
  const sources = await replaceSources(manager, claim.id, input.sources ?? []);
  await recordEvent(manager, claim, actor, {
    action: 'claim.created',
    toStatus: claim.status,
    changes: { quote: claim.quote, start, end, claimant: claim.claimant, sources: sources.map(presentSource) },
  });
  return { claim, sources };
}

export async function getClaim(db: DataSource, id: string): Promise<ClaimWithSources> {
  const claim = await findClaim(db, id);
  return { claim, sources: await loadSources(db.manager, id) };
}

/** The claim alone (404 if there is none), for routes that need its existence or ETag, not its chain. */
export async function findClaim(db: DataSource, id: string): Promise<Claim> {
  const claim = await db.manager.findOneBy(Claim, { id });
  if (!claim) throw notFound('claim', id);
  return claim;
}

export async function listClaims(db: DataSource, query: ListClaimsQuery): Promise<ClaimWithSources[]> {
  const select = db.manager
    .createQueryBuilder(Claim, 'claim')
    .orderBy('claim.seq', 'DESC')
    .limit(query.limit + 1);
  const after = decodeCursor(query.cursor);
  if (after) select.andWhere('claim.seq < :after', { after });
  const claims = await filterClaims(select, query).getMany();
  return attachSources(db.manager, claims);
}

/** The filters of GET /claims on a query of `claim`: the list and the exports select the same claims. */
export function filterClaims(select: SelectQueryBuilder<Claim>, filters: ClaimFilters): SelectQueryBuilder<Claim> {
  if (filters.articleId) select.andWhere('claim.articleId = :articleId', { articleId: filters.articleId });
  if (filters.status) select.andWhere('claim.status = :status', { status: filters.status });
  if (filters.claimant) {
    select.andWhere(`claim.claimant ILIKE :claimant ESCAPE '\\'`, { claimant: `%${escapeLike(filters.claimant)}%` });
  }
  if (filters.q) select.andWhere(`claim.searchVector @@ (${searchQuerySql(':q')})`, { q: filters.q });
  return select;
}

/** Edits what a checker may edit; the anchor and the status never change here. */
export async function updateClaim(
  db: DataSource,
  id: string,
  ifMatch: string | undefined,
  actor: Actor,
  input: UpdateClaimDto,
): Promise<ClaimWithSources> {
  const { claim, result: sources } = await changeClaim(db, id, ifMatch, actor, async (manager, claim) => {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of ['summary', 'claimant', 'claimDate'] as const) {
      const next = input[field];
      if (next === undefined || next === claim[field]) continue;
      changes[field] = { from: claim[field], to: next };
      Object.assign(claim, { [field]: next });
    }
    let sources = await loadSources(manager, id);
    if (input.sources) {
      const [before, after] = [sources.map(presentSource), input.sources.map((hop, position) => presentSource({ ...hop, position }))];
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        sources = await replaceSources(manager, id, input.sources);
        changes.sources = { from: before, to: after };
      }
    }
    return { event: Object.keys(changes).length > 0 ? { action: 'claim.updated' as const, changes } : null, result: sources };
  });
  return { claim, sources };
}

export const loadSources = (manager: EntityManager, claimId: string): Promise<ClaimSource[]> =>
  manager.find(ClaimSource, { where: { claimId }, order: { position: 'ASC' } });

async function replaceSources(manager: EntityManager, claimId: string, hops: SourceHopDto[]): Promise<ClaimSource[]> {
  await manager.delete(ClaimSource, { claimId });
  if (hops.length === 0) return [];
  const rows = hops.map((hop, position) =>
    manager.create(ClaimSource, { claimId, position, name: hop.name, kind: hop.kind, url: hop.url ?? null, note: hop.note ?? null }),
  );
  return manager.save(rows);
}

export async function attachSources(manager: EntityManager, claims: Claim[]): Promise<ClaimWithSources[]> {
  if (claims.length === 0) return [];
  const sources = await manager
    .createQueryBuilder(ClaimSource, 'source')
    .where('source.claimId IN (:...ids)', { ids: claims.map((claim) => claim.id) })
    .orderBy('source.position', 'ASC')
    .getMany();
  return claims.map((claim) => ({ claim, sources: sources.filter((source) => source.claimId === claim.id) }));
}
