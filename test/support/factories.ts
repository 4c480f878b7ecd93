import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import type { DataSource } from 'typeorm';

export const uniqueToken = (): string => randomBytes(5).toString('hex');

export type ArticleJson = { id: string; slug: string; url: string | null; body: string; [field: string]: unknown };
export type ClaimJson = { id: string; quote: string; start: number; end: number; version: number; [field: string]: unknown };

/** A body whose sentences each occur once, plus one sentence that occurs twice (for ambiguity). */
export function articleBody(token: string): string {
  return [
    `JAKARTA - The ministry said the new bridge cost 5 million dollars (${token}).`,
    'Officials expect construction to finish next year.',
    'Critics said the figure was too low.',
    'Officials expect construction to finish next year.',
  ].join(' ');
}

export async function createArticle(api: supertest.Agent, overrides: Record<string, unknown> = {}): Promise<ArticleJson> {
  const token = uniqueToken();
  const response = await api.post('/api/v1/articles').send({
    url: `https://news.test/${token}`,
    title: `Bridge costs questioned ${token}`,
    publisher: 'Test Daily',
    language: 'en',
    publishedAt: '2026-11-20T08:00:00+07:00',
    body: articleBody(token),
    ...overrides,
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as ArticleJson;
}

export async function createClaim(
  api: supertest.Agent,
  articleId: string,
  overrides: Record<string, unknown> = {},
): Promise<ClaimJson> {
  const response = await api.post(`/api/v1/articles/${articleId}/claims`).send({
    quote: 'the new bridge cost 5 million dollars',
    claimant: 'The ministry',
    sources: [{ name: 'Ministry of Public Works', kind: 'government' }],
    ...overrides,
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as ClaimJson;
}

/** Asserts an RFC 9457 problem with the catalogue's type and status. */
export function assertProblem(response: supertest.Response, status: number, slug: string): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = JSON.parse(response.text) as Record<string, unknown>;
  assert.equal(problem.type, `/problems/${slug}`);
  assert.equal(problem.status, status);
  assert.equal(typeof problem.title, 'string');
}

/**
 * Moves a claim to another workflow status directly in the database, for list-filter tests that
 * only need claims in several statuses (the workflow's own tests move claims through the API).
 */
export async function setClaimStatus(db: DataSource, claimId: string, status: string): Promise<void> {
  const [, affected] = (await db.query('UPDATE claims SET status = $1 WHERE id = $2', [status, claimId])) as [unknown, number];
  assert.equal(affected, 1, `no claim ${claimId} to move to ${status}`);
}

/** PATCHes a claim as a client should: with If-Match carrying the ETag it just read. */
export async function patchClaim(api: supertest.Agent, claimId: string, body: unknown): Promise<supertest.Response> {
  const read = await api.get(`/api/v1/claims/${claimId}`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  return api.patch(`/api/v1/claims/${claimId}`).set('If-Match', String(read.headers.etag)).send(body as object);
}
