import type { DataSource, EntityManager } from 'typeorm';
import { claimStatuses, type ClaimStatus } from '../claims/claim-status';
import { publishedArticleFields } from '../articles/published-article';
import { escapeLike, SqlParameters, sqlList } from '../database/sql';
import { lastChangeColumns, lastChangeJoin, lastChangeOf, type LastChange, type LastChangeRow } from '../history/last-change';
import { decodeCursor } from '../http/pagination';
import { personRef, type PersonRef } from '../users/users.service';
import type { DeskQuery } from './desk.dto';

/** A claim as every section of the desk shows it. */
export type DeskClaim = {
  id: string;
  article: { id: string; title: string };
  quote: string;
  claimant: string;
  status: ClaimStatus;
  rating: string | null;
  version: number;
  assignee: PersonRef | null;
  lastChange: LastChange | null;
};

export type QueuedClaim = DeskClaim & {
  /** When it last entered review: the time of its latest status.changed event to in_review. */
  enteredReviewAt: Date;
  /** That move's event seq: the queue's cursor (its time and claim are the keyset position). */
  enteredReviewSeq: string;
  proposal: { rating: string | null; proposedBy: PersonRef | null };
};

export type PublishedTodayClaim = DeskClaim & { publishedAt: Date; firstPublishedAt: Date };

type PublishedArticleField = (typeof publishedArticleFields)[number];

/** A published claim whose article no longer reads as its current verdict shows it. */
export type ArticleChangedClaim = DeskClaim & {
  publishedAt: Date;
  /** Each field that differs: as the current verdict published it, and as the article reads now. */
  articleChanges: Partial<Record<PublishedArticleField, { published: string | null; current: string | null }>>;
};

/** A claim whose quoted words a revision of its article changed or removed. */
export type LostAnchorClaim = DeskClaim & { anchorLostAt: Date; lostInRevision: number };

export type AssigneeGroup = { assignee: PersonRef | null; claims: DeskClaim[] };

/** A section capped at the query's limit, and whether more claims than that matched. */
export type Capped<T> = { items: T[]; truncated: boolean };

export type Desk = {
  /** The database's clock when the desk was read: what "stale" and "today" are measured from. */
  asOf: Date;
  staleDays: number;
  /** Open claims whose latest event is older than this are stale. */
  staleBefore: Date;
  /** Midnight UTC starting asOf's day (see startOfUtcDay). */
  todayStartsAt: Date;
  /** Oldest in review first; up to limit + 1 rows (the extra row says another page exists). */
  reviewQueue: QueuedClaim[];
  inProgressByAssignee: Capped<AssigneeGroup>;
  stale: Capped<DeskClaim>;
  publishedToday: Capped<PublishedTodayClaim>;
  /** Published claims whose article's public metadata changed since: each needs a correction. */
  articleChangedSincePublication: Capped<ArticleChangedClaim>;
  /** Claims whose anchor a revision lost (set-aside ones excepted), most recently lost first. */
  needsAttention: Capped<LostAnchorClaim>;
};

const dayMs = 24 * 60 * 60 * 1000;

/** Statuses a claim can sit in while someone still owes it work; published and not_checkable are settled. */
const openStatuses = claimStatuses.filter((status) => status !== 'published' && status !== 'not_checkable');

/**
 * The editors' desk, read in one REPEATABLE READ transaction so that its sections agree with one
 * another (a claim approved meanwhile is not both queued and published). One query per section.
 * `asOf` replaces the database's clock; only tests pass it, to see stale claims and days turning
 * without waiting (history cannot be backdated: claim_events is append-only).
 */
export async function loadDesk(db: DataSource, query: DeskQuery, asOf?: Date): Promise<Desk> {
  const after = decodeCursor(query.cursor);
  return db.transaction('REPEATABLE READ', async (manager) => {
    const now = asOf ?? (await databaseNow(manager));
    const staleBefore = new Date(now.getTime() - query.staleDays * dayMs);
    const todayStartsAt = startOfUtcDay(now);
    return {
      asOf: now,
      staleDays: query.staleDays,
      staleBefore,
      todayStartsAt,
      reviewQueue: await reviewQueue(manager, query, after),
      inProgressByAssignee: await inProgressByAssignee(manager, query),
      stale: await stale(manager, query, staleBefore),
      publishedToday: await publishedToday(manager, query, todayStartsAt),
      articleChangedSincePublication: await articleChangedSincePublication(manager, query),
      needsAttention: await needsAttention(manager, query),
    };
  });
}

/**
 * "Today" is the UTC calendar day. The desk serves one newsroom, possibly spread over time zones,
 * and UTC is the same for every reader and server, whatever their TimeZone setting, with no
 * daylight-saving jumps. For a desk in Jakarta (UTC+7) the day thus turns at 07:00 local time.
 */
const startOfUtcDay = (instant: Date): Date =>
  new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));

async function databaseNow(manager: EntityManager): Promise<Date> {
  const [row] = await manager.query<Array<{ now: Date | string }>>('SELECT now() AS now');
  return new Date(row!.now);
}

/**
 * Claims in review, oldest arrival first: a range scan of claims_review_queue_idx on the time each
 * last moved into review (`entered_review_at`, kept by a trigger: migration 1795850000000). The cursor
 * is that move's event seq, found for the page's claims alone; the next page starts after its
 * (created_at, claim seq), which an event never changes.
 */
async function reviewQueue(manager: EntityManager, query: DeskQuery, after: string | undefined): Promise<QueuedClaim[]> {
  const params = new SqlParameters();
  const where = [`claim.status = 'in_review'`, ...filterClauses(query, params)];
  if (after !== undefined) {
    where.push(`(claim.entered_review_at, claim.seq) >
      (SELECT moved.created_at, moved_claim.seq FROM claim_events moved JOIN claims moved_claim ON moved_claim.id = moved.claim_id WHERE moved.seq = ${params.add(after)})`);
  }
  const rows = await manager.query<Array<DeskClaimRow & QueueRow>>(
    sectionSql(params, {
      keys: 'claim.entered_review_at AS entered_at, claim.seq AS claim_order',
      where,
      order: ['entered_at', 'claim_order'],
      limit: query.limit + 1,
      columns: `page.entered_at, entered.seq::text AS entered_seq,
                claim.proposed_rating, claim.proposed_by, proposer.name AS proposer_name`,
      details: `LEFT JOIN users proposer ON proposer.id = claim.proposed_by
        JOIN LATERAL (
          SELECT event.seq FROM claim_events event
          WHERE event.claim_id = claim.id AND event.action = 'status.changed' AND event.to_status = 'in_review'
          ORDER BY event.seq DESC LIMIT 1
        ) entered ON true`,
    }),
    params.values,
  );
  return rows.map((row) => ({
    ...toDeskClaim(row),
    enteredReviewAt: new Date(row.entered_at),
    enteredReviewSeq: row.entered_seq,
    proposal: { rating: row.proposed_rating, proposedBy: personRef(row.proposed_by, row.proposer_name) },
  }));
}

/**
 * In-progress claims by assignee (by name, nobody last), each person's oldest claim first; capped at
 * `limit` claims in all. Read person by person from claims_assigned_work_idx, at most a page from each,
 * rather than sorting every claim in progress. The workflow names an assignee on every move into
 * progress, but claims older than assignees (or moved by hand) have none, and are listed all the same.
 */
async function inProgressByAssignee(manager: EntityManager, query: DeskQuery): Promise<Capped<AssigneeGroup>> {
  const params = new SqlParameters();
  const limit = params.add(query.limit + 1);
  const held = (assigned: string) => `
    SELECT claim.id, claim.seq FROM claims claim
    WHERE ${[`claim.status = 'in_progress'`, assigned, ...filterClauses(query, params)].join(' AND ')}
    ORDER BY claim.assignee_id, claim.seq LIMIT ${limit}`; // the index's own order: one person's (or nobody's) claims by seq
  const rows = await manager.query<DeskClaimRow[]>(
    sectionSql(params, {
      from: `(
        SELECT person.name AS person_name, person.id AS person_id, held.id, held.seq
          FROM users person CROSS JOIN LATERAL (${held('claim.assignee_id = person.id')}) held
        UNION ALL
        SELECT NULL, NULL, held.id, held.seq FROM (${held('claim.assignee_id IS NULL')}) held
      ) claim`,
      keys: 'lower(claim.person_name) AS assignee_order, claim.person_id AS assignee_order_id, claim.seq AS claim_order',
      where: [],
      order: ['assignee_order', 'assignee_order_id', 'claim_order'],
      limit: query.limit + 1,
    }),
    params.values,
  );
  const { items, truncated } = capped(rows.map(toDeskClaim), query.limit);
  const groups: AssigneeGroup[] = [];
  for (const claim of items) {
    const group = groups.at(-1);
    if (group && group.assignee?.id === claim.assignee?.id) group.claims.push(claim);
    else groups.push({ assignee: claim.assignee, claims: [claim] });
  }
  return { items: groups, truncated };
}

/**
 * Open claims whose latest event is older than `staleBefore`, stalest first: read oldest change first
 * from claims_updated_seq_idx, as every event is written with an update of its claim (updated_at is the
 * latest event's time; see migration 1795830000000).
 */
async function stale(manager: EntityManager, query: DeskQuery, staleBefore: Date): Promise<Capped<DeskClaim>> {
  const params = new SqlParameters();
  const rows = await manager.query<DeskClaimRow[]>(
    sectionSql(params, {
      keys: 'claim.updated_at AS idle_since, claim.seq AS claim_order',
      where: [`claim.status IN (${sqlList(openStatuses)})`, `claim.updated_at < ${params.add(staleBefore)}`, ...filterClauses(query, params)],
      order: ['idle_since', 'claim_order'],
      limit: query.limit + 1,
    }),
    params.values,
  );
  return capped(rows.map(toDeskClaim), query.limit);
}

/**
 * Claims whose latest verdict was published since midnight UTC, newest first, whatever their status
 * now (a correction may already be under way). A backward range scan of claims_published_idx.
 */
async function publishedToday(manager: EntityManager, query: DeskQuery, since: Date): Promise<Capped<PublishedTodayClaim>> {
  const params = new SqlParameters();
  const rows = await manager.query<Array<DeskClaimRow & PublishedRow>>(
    sectionSql(params, {
      keys: 'claim.last_published_at AS published_order, claim.id AS claim_order',
      where: [`claim.last_published_at >= ${params.add(since)}`, ...filterClauses(query, params)],
      order: ['published_order DESC', 'claim_order DESC'],
      limit: query.limit + 1,
      columns: 'claim.last_published_at, claim.first_published_at',
    }),
    params.values,
  );
  const claims = rows.map((row) => ({
    ...toDeskClaim(row),
    publishedAt: new Date(row.last_published_at),
    firstPublishedAt: new Date(row.first_published_at),
  }));
  return capped(claims, query.limit);
}

/**
 * Claims whose anchor was lost, newest loss first: a range scan of the partial claims_anchor_lost_idx
 * (only lost claims are in it), each with one backward probe for its anchor.lost event.
 */
async function needsAttention(manager: EntityManager, query: DeskQuery): Promise<Capped<LostAnchorClaim>> {
  const params = new SqlParameters();
  const rows = await manager.query<Array<DeskClaimRow & { lost_at: Date | string; lost_seq: string; lost_in_revision: number }>>(
    sectionSql(params, {
      keys: `lost.created_at AS lost_at, lost.seq AS lost_seq, (lost.changes->'articleRevision'->>'to')::int AS lost_in_revision`,
      joins: `
        JOIN LATERAL (
          SELECT event.seq, event.created_at, event.changes FROM claim_events event
          WHERE event.claim_id = claim.id AND event.action = 'anchor.lost'
          ORDER BY event.seq DESC LIMIT 1
        ) lost ON true`,
      where: [`claim.anchor_status = 'lost'`, `claim.status <> 'not_checkable'`, ...filterClauses(query, params)],
      order: ['lost_at DESC', 'lost_seq DESC'],
      limit: query.limit + 1,
      columns: 'page.lost_at, page.lost_in_revision',
    }),
    params.values,
  );
  const claims = rows.map((row) => ({ ...toDeskClaim(row), anchorLostAt: new Date(row.lost_at), lostInRevision: row.lost_in_revision }));
  return capped(claims, query.limit);
}

const publishedArticleColumn: Record<PublishedArticleField, string> = {
  title: 'title',
  url: 'url',
  publisher: 'publisher',
  publishedAt: 'published_at',
  language: 'language',
};

/**
 * Published claims whose current verdict shows the article otherwise than it reads now, the article
 * that changed longest ago first. Only articles with an article.updated event touching a public
 * field are looked at (a verdict snapshots the article as it is when approved), so the cost follows
 * the edited articles' claims, not every published claim; each has one probe of verdicts_claim_id_idx.
 */
async function articleChangedSincePublication(manager: EntityManager, query: DeskQuery): Promise<Capped<ArticleChangedClaim>> {
  const params = new SqlParameters();
  const differs = publishedArticleFields.map((field) =>
    field === 'publishedAt'
      ? `(latest.published->>'publishedAt')::timestamptz IS DISTINCT FROM live.published_at`
      : `latest.published->>'${field}' IS DISTINCT FROM live.${publishedArticleColumn[field]}`,
  );
  const rows = await manager.query<Array<DeskClaimRow & ArticleChangedRow>>(
    sectionSql(params, {
      keys: 'live.updated_at AS changed_order, claim.seq AS claim_order, latest.published AS published_article',
      joins: `
        JOIN articles live ON live.id = claim.article_id
        JOIN LATERAL (
          SELECT verdict.claim_snapshot->'article' AS published
          FROM verdicts verdict WHERE verdict.claim_id = claim.id
          ORDER BY verdict.published_at DESC, verdict.id DESC LIMIT 1
        ) latest ON true`,
      where: [
        'claim.last_published_at IS NOT NULL',
        `claim.article_id IN (
          SELECT event.article_id FROM article_events event
          WHERE event.action = 'article.updated' AND event.changes ?| array[${sqlList(publishedArticleFields)}])`,
        `(${differs.join(' OR ')})`,
        ...filterClauses(query, params),
      ],
      order: ['changed_order', 'claim_order'],
      limit: query.limit + 1,
      columns: `claim.last_published_at, page.published_article, article.url AS article_url, article.publisher AS article_publisher,
                article.published_at AS article_published_at, article.language AS article_language`,
    }),
    params.values,
  );
  const claims = rows.map((row) => ({
    ...toDeskClaim(row),
    publishedAt: new Date(row.last_published_at),
    articleChanges: articleChanges(row),
  }));
  return capped(claims, query.limit);
}

function articleChanges(row: ArticleChangedRow & { article_title: string }): ArticleChangedClaim['articleChanges'] {
  const current: Record<PublishedArticleField, string | null> = {
    title: row.article_title,
    url: row.article_url,
    publisher: row.article_publisher,
    publishedAt: row.article_published_at === null ? null : new Date(row.article_published_at).toISOString(),
    language: row.article_language,
  };
  const changes: ArticleChangedClaim['articleChanges'] = {};
  for (const field of publishedArticleFields) {
    const published = row.published_article[field] ?? null;
    const same = field === 'publishedAt' ? sameInstant(published, current[field]) : published === current[field];
    if (!same) changes[field] = { published, current: current[field] };
  }
  return changes;
}

const sameInstant = (a: string | null, b: string | null): boolean =>
  a === null || b === null ? a === b : Date.parse(a) === Date.parse(b);

type ArticleChangedRow = {
  last_published_at: Date | string;
  published_article: Partial<Record<PublishedArticleField, string | null>>;
  article_url: string | null;
  article_publisher: string | null;
  article_published_at: Date | string | null;
  article_language: string;
};

type DeskClaimRow = LastChangeRow & {
  id: string;
  article_id: string;
  article_title: string;
  quote: string;
  claimant: string;
  status: ClaimStatus;
  rating: string | null;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
};

type QueueRow = {
  entered_seq: string;
  entered_at: Date | string;
  proposed_rating: string | null;
  proposed_by: string | null;
  proposer_name: string | null;
};

type PublishedRow = { last_published_at: Date | string; first_published_at: Date | string };

type SectionSql = {
  /** Where the candidate claims come from (as `claim`): the claims table unless a section reads them otherwise. */
  from?: string;
  /** What the page orders by (named, for `order`), computed on the section's candidate claims. */
  keys: string;
  /** Joins that `keys` and `where` need. */
  joins?: string;
  where: string[];
  /** Names from `keys`, each perhaps followed by DESC. */
  order: string[];
  limit: number;
  /** What the section shows besides the common columns, and the joins for it (claim, page). */
  columns?: string;
  details?: string;
};

/**
 * A section in two steps. The page: the section's claims, filtered, ordered and cut at the limit,
 * with nothing but its keys; then, for those rows alone, the claim, its article, its assignee and
 * its last change. A subquery with LIMIT is planned on its own, so the joins of the second step run
 * a limit's worth of times, not once per candidate claim.
 */
function sectionSql(params: SqlParameters, { from = 'claims claim', keys, joins = '', where, order, limit, columns, details = '' }: SectionSql): string {
  return `
    SELECT claim.id, claim.article_id, article.title AS article_title, claim.quote, claim.claimant, claim.status,
           claim.rating, claim.version, claim.assignee_id, assignee.name AS assignee_name,
           ${lastChangeColumns}${columns ? `,\n           ${columns}` : ''}
    FROM (
      SELECT claim.id AS claim_id, ${keys}
      FROM ${from}
      ${joins}
      ${where.length > 0 ? `WHERE ${where.join('\n        AND ')}` : ''}
      ORDER BY ${order.join(', ')}
      LIMIT ${params.add(limit)}
    ) page
    JOIN claims claim ON claim.id = page.claim_id
    JOIN articles article ON article.id = claim.article_id
    LEFT JOIN users assignee ON assignee.id = claim.assignee_id
    ${lastChangeJoin}
    ${details}
    ORDER BY ${order.map((key) => `page.${key}`).join(', ')}`;
}

function filterClauses(query: DeskQuery, params: SqlParameters): string[] {
  const clauses: string[] = [];
  if (query.articleId) clauses.push(`claim.article_id = ${params.add(query.articleId)}`);
  if (query.assigneeId) clauses.push(`claim.assignee_id = ${params.add(query.assigneeId)}`);
  if (query.claimant) clauses.push(`claim.claimant ILIKE ${params.add(`%${escapeLike(query.claimant)}%`)} ESCAPE '\\'`);
  return clauses;
}

const toDeskClaim = (row: DeskClaimRow): DeskClaim => ({
  id: row.id,
  article: { id: row.article_id, title: row.article_title },
  quote: row.quote,
  claimant: row.claimant,
  status: row.status,
  rating: row.rating,
  version: row.version,
  assignee: personRef(row.assignee_id, row.assignee_name),
  lastChange: lastChangeOf(row),
});

const capped = <T>(rows: T[], limit: number): Capped<T> => ({ items: rows.slice(0, limit), truncated: rows.length > limit });
