import type { IncomingHttpHeaders } from 'node:http';

export type Validators = { etag?: string; lastModified?: string };

/**
 * Whether a GET or HEAD may answer 304 Not Modified (RFC 9110 §13.2.2, steps 3 and 4). Unlike
 * Express's `req.fresh` it ignores the request's Cache-Control: `fetch` adds `no-cache` to any
 * request with a hand-set If-None-Match, and an origin server evaluates the conditions whatever a
 * client asks of caches (RFC 9111 §5.2.1.4). If-None-Match wins over If-Modified-Since; it
 * compares weakly and `*` matches any current representation.
 */
export function isFresh(method: string, headers: IncomingHttpHeaders, { etag, lastModified }: Validators): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return etag !== undefined && noneMatchHits(ifNoneMatch, etag);
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = parseHttpDate(ifModifiedSince);
  const modified = parseHttpDate(lastModified);
  return since !== undefined && modified !== undefined && modified <= since;
}

/** An If-None-Match list names the representation: `*`, or one of its entity-tags compared weakly. */
function noneMatchHits(field: string, etag: string): boolean {
  // What a client usually sends back: the one tag it was given (the public 304s' hot path).
  if (field === etag) return true;
  if (field.trim() === '*') return true;
  const opaque = opaqueTag(etag);
  for (const match of field.matchAll(/(?:W\/)?"[^"]*"/g)) {
    if (opaqueTag(match[0]) === opaque) return true;
  }
  return false;
}

const opaqueTag = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** An HTTP-date (IMF-fixdate, or the obsolete forms Date.parse reads) in whole seconds; anything else is no date. */
function parseHttpDate(value: string): number | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}
