import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { validationFailed } from '../errors/problem';
import { composeDecorators } from './validators';

const maxPageSize = 100;

export const PageLimit = composeDecorators(IsOptional(), Type(() => Number), IsInt(), Min(1), Max(maxPageSize));
export const PageCursor = composeDecorators(IsOptional(), IsString(), MaxLength(200));

export class PageQuery {
  @PageLimit limit: number = 20;
  @PageCursor cursor?: string;
}

/**
 * For lists that were answered whole before they were paged (a claim's evidence and history): a page
 * holds the most by default, so clients that read `items` alone still see every item of a short list.
 */
export class WholePageQuery extends PageQuery {
  override limit: number = maxPageSize;
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Cursors are opaque to clients: base64url JSON of the last row's keyset position. */
const encodeCursor = (seq: string): string => Buffer.from(JSON.stringify({ seq })).toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { seq } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { seq?: unknown };
    if (typeof seq === 'string' && /^[1-9]\d{0,17}$/.test(seq)) return seq;
  } catch {
    // fall through to the problem below
  }
  throw validationFailed([{ parameter: 'cursor', detail: 'cursor is not one this service issued' }]);
}

/** Fetch limit + 1 rows; the extra row only tells whether another page exists. */
export function toPage<Row extends { seq: string }, Item>(rows: Row[], limit: number, present: (row: Row) => Item): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}

/**
 * One page of a list read oldest first by `alias.seq` (evidence, a claim's or an article's history):
 * `limit` + 1 rows after the cursor's position, so that toPage can tell whether there is more.
 */
export function oldestFirstPage<Row extends ObjectLiteral>(
  select: SelectQueryBuilder<Row>,
  alias: string,
  page: { limit: number; after?: string },
): SelectQueryBuilder<Row> {
  select.orderBy(`${alias}.seq`, 'ASC').limit(page.limit + 1);
  if (page.after) select.andWhere(`${alias}.seq > :after`, { after: page.after });
  return select;
}
