import type { DataSource, EntityManager } from 'typeorm';
import { changeClaimBySystem } from '../claims/claim-command';
import { Claim } from '../claims/claim.entity';
import { notFound } from '../errors/problem';
import { recordArticleEvent } from '../history/article-history.service';
import { requireCurrent, requireStrongEtag } from '../http/if-match';
import { oldestFirstPage } from '../http/pagination';
import { announcePublicChange } from '../public-cache/publications';
import { sha256 } from '../text/sha256';
import { User } from '../users/user.entity';
import type { Actor } from '../users/users.service';
import { ArticleRevision } from './article-revision.entity';
import { Article } from './article.entity';
import { keptRuns, mapSpan, type Span } from './reanchor';

/** An article's strong ETag: its version, which every change bumps. */
export const articleEtag = (article: Pick<Article, 'version'>): string => `"v${article.version}"`;

/** What a revision did: the article as it now reads, and the claims whose anchors moved or were lost. */
export type Revised = { article: Article; moved: string[]; lost: string[] };

/**
 * Replaces the body with a new revision and re-anchors every claim through a word diff of the two
 * texts (see reanchor.ts), all in one transaction: the revision, the article.revised event, and per
 * claim an `anchor.moved` or `anchor.lost` event through changeClaimBySystem. The diff is computed
 * before the transaction, on the body the If-Match named; the transaction refuses with 412 if the
 * article changed meanwhile, so the diff always describes the body it replaces. Claims in review are
 * re-anchored too (their version moves, so the pinned proposal no longer matches and approval stops
 * with proposal-changed); a claim already lost stays lost.
 */
export async function reviseArticleBody(db: DataSource, id: string, ifMatch: string | undefined, body: string, actor: Actor): Promise<Revised> {
  const expected = requireStrongEtag(ifMatch, 'article');
  const read = await db.manager.findOneBy(Article, { id });
  if (!read) throw notFound('article', id);
  requireCurrent(expected, articleEtag(read), 'article');
  if (read.body === body) return { article: read, moved: [], lost: [] };
  const runs = keptRuns(read.body, body);

  return db.transaction(async (manager) => {
    const article = await manager.findOne(Article, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!article) throw notFound('article', id);
    requireCurrent(expected, articleEtag(article), 'article');
    const from = { revision: article.revision, bodySha256: article.bodySha256 };
    await appendRevision(manager, article, body, actor);
    article.version += 1;
    const saved = await manager.save(article);

    const claims = await manager.find(Claim, { where: { articleId: id }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    const newBody = Array.from(body);
    const moved: string[] = [];
    const lost: string[] = [];
    for (const claim of claims) {
      if (claim.anchorStatus === 'lost') continue;
      const span = mapSpan(runs, claim);
      const kept = span && newBody.slice(span.start, span.end).join('') === claim.quote ? span : null;
      if (kept && kept.start === claim.start && kept.end === claim.end) continue;
      await changeClaimBySystem(manager, claim, actor, async () => ({ event: reanchor(claim, kept, from.revision, article.revision), result: null }));
      (kept ? moved : lost).push(claim.id);
    }

    await recordArticleEvent(manager, id, actor, 'article.revised', {
      revision: { from: from.revision, to: article.revision },
      bodySha256: { from: from.bodySha256, to: article.bodySha256 },
      anchorsMoved: moved,
      anchorsLost: lost,
    });
    // Published fact-checks now say the article changed after them (see fact-checks.service.ts).
    if (claims.some((claim) => claim.lastPublishedAt !== null)) await announcePublicChange(manager, `article ${id} revised`);
    return { article: saved, moved, lost };
  });
}

/** Moves the claim to its words' new offsets, or marks it lost keeping its quote and old offsets; returns its history event. */
function reanchor(claim: Claim, kept: Span | null, fromRevision: number, toRevision: number) {
  const articleRevision = { from: fromRevision, to: toRevision };
  if (!kept) {
    claim.anchorStatus = 'lost';
    return {
      action: 'anchor.lost' as const,
      note: `Article revision ${toRevision} changed or removed the quoted words; the quote and its offsets into revision ${fromRevision} are kept.`,
      changes: { anchorStatus: { from: 'anchored', to: 'lost' }, articleRevision, start: claim.start, end: claim.end },
    };
  }
  const changes = { start: { from: claim.start, to: kept.start }, end: { from: claim.end, to: kept.end }, articleRevision };
  claim.start = kept.start;
  claim.end = kept.end;
  return { action: 'anchor.moved' as const, note: `Article revision ${toRevision} moved the quoted words.`, changes };
}

/** Records a new article's body as its revision 1 (inside the transaction that inserted it). */
export async function recordFirstRevision(manager: EntityManager, article: Article, actor: Actor | null): Promise<void> {
  await insertRevision(manager, article.id, 1, article.body, article.bodySha256, actor);
}

/**
 * Makes `body` the article's next revision: the revision row, and the article's body, hash, revision
 * number and revision time (the revision's own); the caller saves the article.
 */
export async function appendRevision(manager: EntityManager, article: Article, body: string, actor: Actor | null): Promise<void> {
  const bodySha256 = sha256(body);
  article.revisedAt = await insertRevision(manager, article.id, article.revision + 1, body, bodySha256, actor);
  article.body = body;
  article.bodySha256 = bodySha256;
  article.revision += 1;
}

async function insertRevision(manager: EntityManager, articleId: string, number: number, body: string, bodySha256: string, actor: Actor | null): Promise<Date> {
  const { raw } = await manager
    .createQueryBuilder()
    .insert()
    .into(ArticleRevision)
    .values({ articleId, number, body, bodySha256, actorId: actor?.id ?? null })
    .returning('created_at') // the array form of returning() is silently dropped by TypeORM 1.1
    .updateEntity(false)
    .execute();
  return (raw as Array<{ created_at: Date }>)[0]!.created_at;
}

export type RevisionWithActor = { revision: ArticleRevision; actorName: string | null };

/** One page of the article's revisions, oldest first, without their bodies (up to 400,000 characters each); `limit` + 1 rows (see toPage). */
export async function listRevisions(db: DataSource, articleId: string, page: { limit: number; after?: string }): Promise<RevisionWithActor[]> {
  if (!(await db.manager.existsBy(Article, { id: articleId }))) throw notFound('article', articleId);
  const select = db.manager
    .createQueryBuilder(ArticleRevision, 'revision')
    .select(['revision.id', 'revision.seq', 'revision.number', 'revision.bodySha256', 'revision.actorId', 'revision.createdAt'])
    .leftJoin(User, 'actor', 'actor.id = revision.actorId')
    .addSelect('actor.name', 'actor_name')
    .where('revision.articleId = :articleId', { articleId });
  const rows = await oldestFirstPage(select, 'revision', page).getRawAndEntities();
  return rows.entities.map((revision, index) => {
    return { revision, actorName: (rows.raw[index] as { actor_name: string | null }).actor_name };
  });
}

/** One revision with its body. */
export async function getRevision(db: DataSource, articleId: string, number: number): Promise<RevisionWithActor> {
  const revision = await db.manager.findOneBy(ArticleRevision, { articleId, number });
  if (!revision) throw notFound('article revision', `${articleId}/${number}`);
  const actor = revision.actorId ? await db.manager.findOne(User, { where: { id: revision.actorId }, select: { name: true } }) : null;
  return { revision, actorName: actor?.name ?? null };
}
