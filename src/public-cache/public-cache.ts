import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { compress, compressionThreshold } from './content-encoding';

/** The body in one content coding, with its own strong ETag (a different representation, RFC 9110 § 8.8.3). */
export type EncodedBody = { body: Buffer; etag: string };

export type CachedResponse = {
  status: number;
  contentType: string;
  body: Buffer;
  /** Strong: a hash of the exact bytes. */
  etag: string;
  lastModified: string | undefined;
  /** Whether the cache may keep it: a 200 that names something that exists. */
  keep: boolean;
  /** The body compressed once, when cached (a 200 of at least compressionThreshold bytes). */
  encoded?: { br: EncodedBody; gzip: EncodedBody };
};

/** `transient`: served, never kept (a feed page after a cursor that names no fact-check). */
export type Rendered = { status: number; contentType: string; body: string; lastModified?: Date; transient?: true };

export type PublicCacheLimits = {
  /** Bytes of bodies, headers and keys held at most; an entry bigger than this is never kept. */
  maxBytes: number;
  /** A sanity bound on the number of entries, whatever their size. */
  maxEntries: number;
};

export const defaultPublicCacheLimits: PublicCacheLimits = { maxBytes: 32 * 1024 ** 2, maxEntries: 10_000 };

/** A rough allowance for what one entry costs beyond its bytes: the entry object, the LRU's slots, the map entry. */
const entryOverhead = 200;

const encodedSize = ({ br, gzip }: NonNullable<CachedResponse['encoded']>): number => br.body.length + br.etag.length + gzip.body.length + gzip.etag.length;

const sizeOf = (entry: CachedResponse, key: string): number =>
  entry.body.length + entry.etag.length + (entry.encoded ? encodedSize(entry.encoded) : 0) +
  entry.contentType.length + (entry.lastModified?.length ?? 0) + key.length * 2 + entryOverhead;

/**
 * Rendered public responses, kept until something is published or corrected, least recently used
 * first out when the byte budget is full. Readers never query the database for a cached page;
 * `invalidate` (on NOTIFY from any instance) drops everything. A render that started before an
 * invalidation is served but not kept, so it cannot outlive it.
 */
export class PublicCache {
  private entries: LRUCache<string, CachedResponse>;
  /** Renders under way: concurrent misses of one page (after every publication) share one render. */
  private rendering = new Map<string, Promise<CachedResponse>>();
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor({ maxBytes, maxEntries }: PublicCacheLimits = defaultPublicCacheLimits) {
    this.entries = new LRUCache({ max: maxEntries, maxSize: maxBytes, sizeCalculation: sizeOf });
  }

  /** Responses held now (for the metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes held now, as counted against the budget (for the metrics). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** The cached response, if any (and it becomes the most recently used), counted as a hit. */
  peek(key: string): CachedResponse | undefined {
    const cached = this.entries.get(key);
    if (cached) this.hits++;
    return cached;
  }

  /** The cached response, if any, not yet counted: the fast path counts it (countHit) only if it serves it. */
  lookup(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  countHit(): void {
    this.hits++;
  }

  async get(key: string, render: () => Promise<Rendered>): Promise<CachedResponse> {
    const cached = this.peek(key);
    if (cached) return cached;
    const inFlight = this.rendering.get(key);
    if (inFlight) {
      this.hits++;
      return inFlight;
    }
    this.misses++;
    const startedIn = this.generation;
    const rendered = render().then(toCached).then(withEncodings);
    this.rendering.set(key, rendered);
    try {
      const fresh = await rendered;
      // LRUCache refuses an entry bigger than the whole budget (and drops any older one under that key).
      if (startedIn === this.generation && fresh.keep) this.entries.set(key, fresh);
      return fresh;
    } finally {
      if (this.rendering.get(key) === rendered) this.rendering.delete(key);
    }
  }

  /** `_cause` says why (a commit here, a NOTIFY from elsewhere): for whoever wraps the cache, as the tests do. */
  invalidate(_cause: string): void {
    this.generation++;
    this.entries.clear();
    this.rendering.clear();
  }
}

/**
 * The bytes of a rendered response, with their strong ETag. Only 200s are kept: caching 404s for
 * made-up ids would let a scan push the real pages out.
 */
export function toCached({ status, contentType, body, lastModified, transient }: Rendered): CachedResponse {
  const bytes = Buffer.from(body, 'utf8');
  return {
    status,
    contentType,
    body: bytes,
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
    lastModified: lastModified?.toUTCString(),
    keep: status === 200 && !transient,
  };
}

/**
 * The response with its body compressed in brotli and gzip, once, off the event loop (zlib's thread
 * pool): every later read sends the bytes as they are. Small bodies and errors stay as they are.
 */
export async function withEncodings(cached: CachedResponse): Promise<CachedResponse> {
  if (cached.status !== 200 || cached.body.length < compressionThreshold) return cached;
  const [br, gzip] = await Promise.all([compress.br(cached.body), compress.gzip(cached.body)]);
  const tagged = (suffix: string) => `${cached.etag.slice(0, -1)}-${suffix}"`;
  return { ...cached, encoded: { br: { body: br, etag: tagged('br') }, gzip: { body: gzip, etag: tagged('gz') } } };
}
