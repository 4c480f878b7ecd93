import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { createArticle, createClaim, uniqueToken, type ClaimJson } from './factories';
import type { TestApp, TestUser } from './test-app';

export type EventJson = {
  id: string;
  action: string;
  actor: { id: string; name: string | null; tokenId: string | null; tokenIssuedVia: string | null } | null;
  version: number;
  fromStatus: string | null;
  toStatus: string | null;
  rating: string | null;
  rationale: string | null;
  note: string | null;
  changes: Record<string, unknown> | null;
  createdAt: string;
};

export type EvidenceJson = {
  id: string;
  claimId: string;
  url: string;
  stance: string;
  retraction: { retractedAt: string; retractedBy: string; reason: string } | null;
  [field: string]: unknown;
};

/** The claim as a client reads it, with the ETag to send back in If-Match. */
export async function readClaim(api: supertest.Agent, claimId: string): Promise<{ body: Record<string, any>; etag: string }> {
  const response = await api.get(`/api/v1/claims/${claimId}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.match(String(response.headers.etag), /^"v\d+"$/);
  return { body: response.body as Record<string, any>, etag: String(response.headers.etag) };
}

/** POST /claims/:id/transitions as a client should: with the ETag it just read. */
export async function move(api: supertest.Agent, claimId: string, body: Record<string, unknown>): Promise<supertest.Response> {
  const { etag } = await readClaim(api, claimId);
  return api.post(`/api/v1/claims/${claimId}/transitions`).set('If-Match', etag).send(body);
}

/** A move that must succeed. */
export async function moved(api: supertest.Agent, claimId: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await move(api, claimId, body);
  assert.equal(response.status, 200, `${JSON.stringify(body)}: ${JSON.stringify(response.body)}`);
  assert.equal(response.body.status, body.to);
  return response.body as Record<string, any>;
}

export async function postEvidence(
  api: supertest.Agent,
  claimId: string,
  body: Record<string, unknown> = {},
): Promise<supertest.Response> {
  const { etag } = await readClaim(api, claimId);
  return api
    .post(`/api/v1/claims/${claimId}/evidence`)
    .set('If-Match', etag)
    .send({ url: `https://evidence.test/${uniqueToken()}`, stance: 'supports', ...body });
}

export async function addEvidence(api: supertest.Agent, claimId: string, body: Record<string, unknown> = {}): Promise<EvidenceJson> {
  const response = await postEvidence(api, claimId, body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as EvidenceJson;
}

export async function retract(api: supertest.Agent, claimId: string, evidenceId: string, reason: string): Promise<supertest.Response> {
  const { etag } = await readClaim(api, claimId);
  return api.post(`/api/v1/claims/${claimId}/evidence/${evidenceId}/retraction`).set('If-Match', etag).send({ reason });
}

export async function listEvidence(api: supertest.Agent, claimId: string): Promise<EvidenceJson[]> {
  const response = await api.get(`/api/v1/claims/${claimId}/evidence`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.items as EvidenceJson[];
}

export async function history(api: supertest.Agent, claimId: string): Promise<EventJson[]> {
  const response = await api.get(`/api/v1/claims/${claimId}/history`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.items as EventJson[];
}

/** Who drives a claim through the workflow: a checker proposes, an editor who did not propose decides. */
export type Crew = { checker: TestUser; editor: TestUser };

/** A checker and an editor of their own, for a test file's workflow. */
export const hireCrew = async (app: TestApp): Promise<Crew> => ({ checker: await app.user('checker'), editor: await app.user('editor') });

/** A fresh article with one claim, created by `api`. */
export async function newClaim(api: supertest.Agent, overrides: Record<string, unknown> = {}): Promise<ClaimJson> {
  const article = await createArticle(api);
  return createClaim(api, article.id, overrides);
}

/**
 * Brings a new (unverified) claim to `status` through the API only, by the shortest path of moves.
 */
export async function driveTo(crew: Crew, claimId: string, status: string): Promise<Record<string, any>> {
  const { checker, editor } = crew;
  if (status === 'unverified') return (await readClaim(checker.api, claimId)).body;
  if (status === 'not_checkable') return moved(checker.api, claimId, { to: 'not_checkable', note: 'Opinion, not a checkable fact.' });
  await moved(checker.api, claimId, { to: 'in_progress' });
  if (status === 'in_progress') return (await readClaim(checker.api, claimId)).body;
  await addEvidence(checker.api, claimId);
  const proposed = await moved(checker.api, claimId, { to: 'in_review', rating: 'false', rationale: 'The ministry’s own budget says otherwise.' });
  if (status === 'in_review') return proposed;
  const published = await moved(editor.api, claimId, { to: 'published' });
  if (status === 'published') return published;
  throw new Error(`driveTo: unknown status ${status}`);
}
