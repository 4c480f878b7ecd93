import { escapeLike } from '../database/sql';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { claimStatuses, type ClaimStatus } from '../claims/claim-status';
import { notFound, Problem } from '../errors/problem';
import { decodeCursor } from '../http/pagination';
import { canonicalLanguageTag } from '../http/validators';
import { sha256 } from '../text/sha256';
import { slugFromTitle } from '../text/slug';
import { recordArticleEvent } from '../history/article-history.service';
import type { Actor } from '../users/users.service';
import { Article } from './article.entity';
import { appendRevision, recordFirstRevision } from './article-revisions.service';
import type { CreateArticleDto, ListArticlesQuery, UpdateArticleDto } from './articles.dto';

export type ClaimCounts = Record<ClaimStatus, number> & { total: number };

export async function createArticle(db: DataSource, input: CreateArticleDto, actor: Actor): Promise<Article> {
  const slug = input.slug ?? slugFromTitle(input.title);
  return answeringDuplicates(db, { url: input.url ?? null, slug }, () =>
    db.transaction((manager) => insertArticle(manager, { ...input, slug }, actor)),
  );
}

/**
 * The insert and its article.created event, for callers that already hold a transaction (the seed,
 * whose actor is the system: null).
 */
export async function insertArticle(
  manager: EntityManager,
  input: CreateArticleDto & { slug: string },
  actor: Actor | null = null,
): Promise<Article> {
  await refuseDuplicate(manager, { url: input.url ?? null, slug: input.slug });
  const article = await manager.save(
    manager.create(Article, {
      url: input.url ?? null,
      slug: input.slug,
      title: input.title,
      publisher: input.publisher ?? null,
      language: canonicalLanguageTag(input.language)!,
      publishedAt: input.publishedAt ? new Date(input.publishedAt) : null,
      body: input.body,
      bodySha256: sha256(input.body),
    }),
  );
  await recordFirstRevision(manager, article, actor);
  await recordArticleEvent(manager, article.id, actor, 'article.created', recordedFields(article));
  return article;
}

export async function listArticles(db: DataSource, query: ListArticlesQuery): Promise<Article[]> {
  const after = decodeCursor(query.cursor);
  const select = db.manager
    .createQueryBuilder(Article, 'article')
    .select(['article.id', 'article.seq', 'article.slug', 'article.url', 'article.title', 'article.publisher'])
    .addSelect(['article.language', 'article.publishedAt', 'article.bodySha256', 'article.createdAt', 'article.updatedAt'])
    .addSelect(['article.version', 'article.revision', 'article.revisedAt'])
    .orderBy('article.seq', 'DESC')
    .limit(query.limit + 1);
  if (after) select.andWhere('article.seq < :after', { after });
  if (query.q) {
    select.andWhere("(article.title ILIKE :pattern ESCAPE '\\' OR article.publisher ILIKE :pattern ESCAPE '\\')", { pattern: `%${escapeLike(query.q.trim())}%` });
  }
  return select.getMany();
}

export async function getArticle(db: DataSource, id: string): Promise<{ article: Article; claimCounts: ClaimCounts }> {
  const article = await db.manager.findOneBy(Article, { id });
  if (!article) throw notFound('article', id);
  return { article, claimCounts: await countClaimsByStatus(db.manager, id) };
}

/**
 * Changes the article and records what changed, with who changed it, in its history. A new body
 * (allowed here only while no claim is anchored to it) becomes a new revision. Published
 * fact-checks keep showing the article as their verdict's snapshot has it: nothing public changes
 * here (the desk lists the difference until a correction is approved).
 */
export async function updateArticle(
  db: DataSource,
  id: string,
  input: UpdateArticleDto,
  actor: Actor,
): Promise<{ article: Article; claimCounts: ClaimCounts }> {
  const keys = { url: input.url ?? null, slug: input.slug ?? null, id };
  return answeringDuplicates(db, keys, () => db.transaction(async (manager) => {
    const article = await manager.findOne(Article, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!article) throw notFound('article', id);
    const before = recordedFields(article);
    const claimCounts = await countClaimsByStatus(manager, id);
    if (input.body !== undefined && input.body !== article.body) {
      if (claimCounts.total > 0) {
        throw new Problem(
          'article-body-locked',
          `${claimCounts.total} claim(s) are anchored to this body by offset: send the new body as a revision, which re-anchors them (PUT /api/v1/articles/${id}/body with If-Match).`,
        );
      }
      await appendRevision(manager, article, input.body, actor);
    }
    await refuseDuplicate(manager, keys);
    if (input.url !== undefined) article.url = input.url;
    if (input.slug !== undefined) article.slug = input.slug;
    if (input.title !== undefined) article.title = input.title;
    if (input.publisher !== undefined) article.publisher = input.publisher;
    if (input.language !== undefined) article.language = canonicalLanguageTag(input.language)!;
    if (input.publishedAt !== undefined) article.publishedAt = input.publishedAt ? new Date(input.publishedAt) : null;
    const changes = changedFields(before, recordedFields(article));
    if (Object.keys(changes).length === 0) return { article, claimCounts };
    article.version += 1;
    const saved = await manager.save(article);
    await recordArticleEvent(manager, id, actor, 'article.updated', changes);
    return { article: saved, claimCounts };
  }));
}

/** What the history keeps of an article: its metadata and the hash of its body (not the body itself). */
const recordedFields = (article: Article): Record<string, string | null> => ({
  url: article.url,
  slug: article.slug,
  title: article.title,
  publisher: article.publisher,
  language: article.language,
  publishedAt: article.publishedAt?.toISOString() ?? null,
  bodySha256: article.bodySha256,
});

function changedFields(before: Record<string, string | null>, after: Record<string, string | null>) {
  const changes: Record<string, { from: string | null; to: string | null }> = {};
  for (const [field, from] of Object.entries(before)) {
    if (after[field] !== from) changes[field] = { from, to: after[field] ?? null };
  }
  return changes;
}

async function countClaimsByStatus(manager: EntityManager, articleId: string): Promise<ClaimCounts> {
  const rows: Array<{ status: ClaimStatus; count: number }> = await manager
    .createQueryBuilder(Claim, 'claim')
    .select('claim.status', 'status')
    .addSelect('count(*)::int', 'count')
    .where('claim.articleId = :articleId', { articleId })
    .groupBy('claim.status')
    .getRawMany();
  const counts = emptyClaimCounts();
  for (const { status, count } of rows) {
    counts[status] = count;
    counts.total += count;
  }
  return counts;
}

type UniqueKeys = { url: string | null; slug: string | null; id?: string };

export const emptyClaimCounts = (): ClaimCounts =>
  ({ ...Object.fromEntries(claimStatuses.map((status) => [status, 0])), total: 0 }) as ClaimCounts;

async function refuseDuplicate(manager: EntityManager, { url, slug, id }: UniqueKeys): Promise<void> {
  const conditions = [...(url ? [{ url }] : []), ...(slug ? [{ slug }] : [])];
  if (conditions.length === 0) return;
  const existing = await manager.findOne(Article, { where: conditions, select: { id: true, url: true, slug: true } });
  if (!existing || existing.id === id) return;
  const field = url && existing.url === url ? `URL ${url}` : `slug ${existing.slug}`;
  throw new Problem('duplicate-article', `Article ${existing.id} already has the ${field}.`, {
    existingArticleId: existing.id,
  });
}

/** Runs a write; if a concurrent request took the same URL or slug first, answers 409 naming its article. */
async function answeringDuplicates<T>(db: DataSource, keys: UniqueKeys, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      await refuseDuplicate(db.manager, keys);
    }
    throw error;
  }
}
