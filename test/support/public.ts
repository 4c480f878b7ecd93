import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { createArticle, createClaim, uniqueToken, type ClaimJson } from './factories';
import type { TestApp } from './test-app';
import { addEvidence, moved, type Crew } from './workflow';

/**
 * Helpers for the public face (feed, fact-check pages, cache): claims published through the API
 * only, by two different editors (one proposes, the other approves: four-eyes).
 */

/** Two editors: `checker` proposes, `editor` approves (the names are those driveTo expects). */
export const hireEditors = async (app: TestApp): Promise<Crew> => ({ checker: await app.user('editor'), editor: await app.user('editor') });

export type Verdict = { rating: string; rationale: string };

/** A fresh article with one claim whose summary carries a unique token, so that it can be found in raw text. */
export async function newPublicClaim(
  api: supertest.Agent,
  { article = {}, claim = {} }: { article?: Record<string, unknown>; claim?: Record<string, unknown> } = {},
): Promise<ClaimJson & { token: string }> {
  const token = uniqueToken();
  const created = await createArticle(api, article);
  const made = await createClaim(api, created.id, { summary: `Bridge cost claim ${token}`, ...claim });
  return { ...made, token };
}

/** unverified → in_progress → (evidence) → in_review: proposed by crew.checker. */
export async function propose(crew: Crew, claimId: string, verdict: Verdict): Promise<Record<string, any>> {
  await moved(crew.checker.api, claimId, { to: 'in_progress' });
  await addEvidence(crew.checker.api, claimId);
  return moved(crew.checker.api, claimId, { to: 'in_review', ...verdict });
}

/** A first publication: proposed by one editor, approved by the other. */
export async function publish(crew: Crew, claimId: string, verdict: Verdict = { rating: 'false', rationale: `Budget papers say 9 million (${uniqueToken()}).` }) {
  await propose(crew, claimId, verdict);
  const published = await moved(crew.editor.api, claimId, { to: 'published' });
  assert.ok(published.lastPublishedAt, 'published');
  return published;
}

/** A published claim reopened for correction, with a new proposal waiting in review (not yet approved). */
export async function proposeCorrection(crew: Crew, claimId: string, verdict: Verdict, openNote = 'New figures came in.') {
  await moved(crew.checker.api, claimId, { to: 'in_progress', note: openNote });
  return moved(crew.checker.api, claimId, { to: 'in_review', ...verdict });
}

/** A correction: reopened, proposed again and republished with a correction note. */
export async function republish(crew: Crew, claimId: string, verdict: Verdict, note: string) {
  await proposeCorrection(crew, claimId, verdict);
  return moved(crew.editor.api, claimId, { to: 'published', note });
}

export type FeedItem = {
  id: string;
  url: string;
  title: string;
  content_text: string;
  date_published: string;
  date_modified: string;
  tags: string[];
  _claimreview: { about: string; claimReview: Record<string, any> };
  _corrections: { about: string; items: Array<Record<string, any>> };
  [field: string]: unknown;
};

export type FeedPage = { response: supertest.Response; body: Record<string, any>; items: FeedItem[] };

/** The path and query of an absolute next_url, to request it from the test server (whatever PUBLIC_BASE_URL says). */
export function pathOf(absolute: string, expectedBase: string): string {
  assert.ok(absolute.startsWith(`${expectedBase}/`), `${absolute} starts with ${expectedBase}`);
  return absolute.slice(expectedBase.length);
}

/**
 * Reads the feed from `firstPath`, following next_url to the end. `between` runs after each page
 * (to change the feed mid-walk). Bounded, so that a cursor that loops fails instead of hanging.
 */
export async function walkFeed(
  agent: supertest.Agent,
  { base, firstPath = '/feed.json', between, maxPages = 5_000 }: { base: string; firstPath?: string; between?: (page: number) => Promise<void>; maxPages?: number },
): Promise<FeedPage[]> {
  const pages: FeedPage[] = [];
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    assert.ok(pages.length < maxPages, `the feed ended within ${maxPages} pages`);
    const response = await agent.get(path);
    assert.equal(response.status, 200, `${path}: ${response.text}`);
    const body = JSON.parse(response.text) as Record<string, any>;
    pages.push({ response, body, items: body.items as FeedItem[] });
    await between?.(pages.length);
    path = typeof body.next_url === 'string' ? pathOf(body.next_url, base) : undefined;
  }
  return pages;
}

/** Polls `check` until it returns something truthy, at most `timeoutMs`; returns it or fails with `message`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, message: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    assert.ok(Date.now() < deadline, `${message} (within ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
