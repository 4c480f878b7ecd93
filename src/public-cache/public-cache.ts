import { createHash } from 'node:crypto';

export type CachedResponse = {
  status: number;
  contentType: string;
  body: Buffer;
  /** Strong: a hash of the exact bytes. */
  etag: string;
  lastModified: string | undefined;
};

export type Rendered = { status: number; contentType: string; body: string; lastModified?: Date };

const maxEntries = 2_000;

/**
 * Rendered public responses, kept until something is published or corrected. Readers never query
 * the database for a cached page; `invalidate` (on NOTIFY from any instance) drops everything.
 * A render that started before an invalidation is served but not kept, so it cannot outlive it.
 */
export class PublicCache {
  private entries = new Map<string, CachedResponse>();
  /** Renders under way: concurrent misses of one page (after every publication) share one render. */
  private rendering = new Map<string, Promise<CachedResponse>>();
  private generation = 0;
  hits = 0;
  misses = 0;

  /** Responses held now (for the metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The cached response, if any: lets a route answer before it parses anything. */
  peek(key: string): CachedResponse | undefined {
    const cached = this.entries.get(key);
    if (cached) this.hits++;
    return cached;
  }

  /** Only 200s are kept: caching 404s for made-up ids would let a scan push the real pages out. */
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
    const rendered = render().then(toCached);
    this.rendering.set(key, rendered);
    try {
      const fresh = await rendered;
      if (startedIn === this.generation && fresh.status === 200) {
        if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, fresh);
      }
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

/** The bytes of a rendered response, with their strong ETag. */
export function toCached({ status, contentType, body, lastModified }: Rendered): CachedResponse {
  const bytes = Buffer.from(body, 'utf8');
  return {
    status,
    contentType,
    body: bytes,
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
    lastModified: lastModified?.toUTCString(),
  };
}
