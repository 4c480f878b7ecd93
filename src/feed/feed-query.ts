import type { Request } from 'express';
import { validationFailed } from '../errors/problem';
import type { FactCheckPosition } from '../fact-checks/fact-checks.service';
import type { Site } from '../fact-checks/site';
import { isUuid } from '../http/ids';
import { publicQuery } from '../public-cache/public-query';

export const defaultFeedLimit = 20;
const maxFeedLimit = 100;
const maxCursorLength = 200;
/** 9999-12-31T23:59:59.999Z: any later (or before 1970) is no publication time, and PostgreSQL may refuse it. */

/** A feed page as the cache knows it: the same page always has the same key, however it was spelled. */
export type FeedRequest = { key: string; site: Site; limit: number; after: FactCheckPosition | undefined };

/**
 * `limit` and `cursor`, parsed; the key is built from the parsed values (limit as a number, the
 * cursor's time and id), so `?limit=20`, no query, or a cursor re-encoded with extra fields are one entry.
 */
export function readFeedRequest(req: Request, site: Site): FeedRequest {
  const query = publicQuery(req, ['limit', 'cursor']);
  const limit = query?.limit === undefined ? defaultFeedLimit : parseLimit(query.limit);
  const after = query?.cursor === undefined ? undefined : decodeFeedCursor(query.cursor);
  const position = after ? `${after.publishedAt.getTime()}~${after.id}` : '';
  return { key: `${site.baseUrl}|feed|${limit}|${position}`, site, limit, after };
}

function parseLimit(value: string): number {
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (limit >= 1 && limit <= maxFeedLimit) return limit;
  throw validationFailed([{ parameter: 'limit', detail: `limit must be a whole number from 1 to ${maxFeedLimit}` }]);
}

export const encodeFeedCursor = ({ publishedAt, id }: FactCheckPosition): string =>
  Buffer.from(JSON.stringify({ t: publishedAt.toISOString(), id })).toString('base64url');

/**
 * An ISO 8601 time as a cursor may carry it (toISOString(), or the same instant re-encoded with an
 * offset): four-digit years from 1970, a day the calendar has, so no odd value reaches the query.
 */
const cursorTime = /^(?:19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;
const isCursorTime = (text: string): boolean =>
  cursorTime.test(text) &&
  !Number.isNaN(Date.parse(text)) &&
  new Date(`${text.slice(0, 10)}T00:00:00Z`).toISOString().startsWith(text.slice(0, 10));

/** Anything but a cursor this feed wrote is refused, so no odd value reaches the query (and its error log). */
export function decodeFeedCursor(cursor: string): FactCheckPosition {
  if (cursor.length <= maxCursorLength) {
    try {
      const { t, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
      const publishedAt = typeof t === 'string' && isCursorTime(t) ? new Date(t) : undefined;
      if (publishedAt && typeof id === 'string' && isUuid(id)) {
        return { publishedAt, id: id.toLowerCase() };
      }
    } catch {
      // fall through
    }
  }
  throw validationFailed([{ parameter: 'cursor', detail: 'cursor is not one this feed issued' }]);
}
