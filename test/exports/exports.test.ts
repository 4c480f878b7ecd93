import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type supertest from 'supertest';
import { claimBatches } from '../../src/exports/claim-batches';
import { assertProblem, createArticle, createClaim, uniqueToken, type ClaimJson } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, hireCrew, type Crew } from '../support/workflow';

type ClaimItem = ClaimJson & { status: string; rating: string | null; claimant: string; sources: Array<{ name: string; kind: string }> };

/** The body as the client received it, whatever its type (supertest parses only what it knows). */
const download = (request: supertest.Test) => request.buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('claim exports', () => {
  let app: TestApp;
  let crew: Crew;
  /** Every claim of this file has this claimant fragment, so the exports can be filtered down to them. */
  const mark = `Desk ${uniqueToken()}`;
  const made: ClaimJson[] = [];

  const newClaimBy = async (claimant: string, extra: Record<string, unknown> = {}) => {
    const article = await createArticle(app.api, { title: `Bridge, "costs", questioned ${uniqueToken()}`, publisher: 'Test Daily' });
    const claim = await createClaim(app.api, article.id, { claimant, ...extra });
    made.push(claim);
    return claim;
  };

  before(async () => {
    app = await startTestApp();
    crew = await hireCrew(app);
    await newClaimBy(`${mark} ministry`, {
      sources: [{ name: 'Ministry, of "Works"', kind: 'government' }, { name: 'Antara', kind: 'wire_agency' }],
      summary: 'The bridge cost 5 million dollars',
    });
    const held = await newClaimBy(`${mark} spokesperson\nsecond line`);
    await driveTo(crew, held.id, 'in_progress');
    const published = await newClaimBy(`${mark} governor`);
    await driveTo(crew, published.id, 'published');
  });
  after(() => app.close());

  const listed = async (query: Record<string, string>): Promise<ClaimItem[]> => {
    const response = await app.api.get('/api/v1/claims').query({ ...query, limit: '100' });
    assert.equal(response.status, 200);
    return response.body.items as ClaimItem[];
  };

  const csvOf = async (agent: supertest.Agent, query: Record<string, string>) => {
    const response = await download(agent.get('/api/v1/exports/claims.csv').query(query));
    assert.equal(response.status, 200, String(response.body));
    return { response, records: parse(response.body as Buffer, { columns: true, bom: true }) as Array<Record<string, string>> };
  };

  it('when an editor exports CSV with the filters of /claims, then it reads back as the same claims, chain, article and assignee', async () => {
    const { response, records } = await csvOf(app.api, { claimant: mark });
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="claims-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.ok((response.body as Buffer).includes('\r\n'), 'records end with CRLF (RFC 4180)');

    const api = await listed({ claimant: mark });
    assert.deepEqual(records.map((row) => row.id), api.map((claim) => claim.id), 'the same claims in the same order');
    for (const claim of api) {
      const row = records.find((record) => record.id === claim.id)!;
      assert.equal(row.status, claim.status);
      assert.equal(row.rating, claim.rating ?? '');
      assert.equal(row.claimant, claim.claimant, 'commas, quotes and line breaks survive');
      assert.equal(row.chain, claim.sources.map((hop) => `${hop.name} (${hop.kind})`).join(' → '));
      assert.equal(row.articleId, claim.articleId);
      assert.match(row.articleTitle!, /^Bridge, "costs", questioned/);
      assert.equal(row.createdAt, claim.createdAt);
      assert.equal(row.assigneeId, (claim as unknown as { assigneeId: string | null }).assigneeId ?? '');
    }
    const held = records.find((record) => record.status === 'in_progress')!;
    assert.equal(held.assigneeName, crew.checker.name);
    const published = records.find((record) => record.status === 'published')!;
    assert.equal(published.rating, 'false');
    assert.ok(published.firstPublishedAt);
  });

  it('when the status filter narrows the list, then the export narrows the same way', async () => {
    const { records } = await csvOf(app.api, { claimant: mark, status: 'published' });
    assert.deepEqual(records.map((row) => row.id), (await listed({ claimant: mark, status: 'published' })).map((claim) => claim.id));
    assert.equal(records.length, 1);
  });

  it('when a claimant looks like a spreadsheet formula, then its CSV cell starts with a quote and JSON Lines keeps it as written', async () => {
    const formulas = ['=HYPERLINK("http://evil.test","click")', '+1+1', '-2+3', '@SUM(A1)', '\tTabbed', '\rReturn'];
    const token = uniqueToken();
    for (const formula of formulas) await newClaimBy(`${formula} ${token}`);
    const { records } = await csvOf(app.api, { claimant: token });
    assert.deepEqual(records.map((row) => row.claimant).sort(), formulas.map((formula) => `'${formula} ${token}`).sort());

    const lines = await download(app.api.get('/api/v1/exports/claims.jsonl').query({ claimant: token }));
    const claimants = String(lines.body).trimEnd().split('\n').map((line) => (JSON.parse(line) as { claimant: string }).claimant);
    assert.deepEqual(claimants.sort(), formulas.map((formula) => `${formula} ${token}`).sort());
  });

  it('when bom=1 is asked, then the CSV starts with the UTF-8 byte order mark, and not otherwise', async () => {
    const withBom = await download(app.api.get('/api/v1/exports/claims.csv').query({ claimant: mark, bom: '1' }));
    assert.deepEqual([...(withBom.body as Buffer).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const without = await download(app.api.get('/api/v1/exports/claims.csv').query({ claimant: mark }));
    assert.equal((without.body as Buffer).subarray(0, 2).toString(), 'id');
  });

  it('when JSON Lines is exported, then each line is one claim as the API shows it, with its article and chain', async () => {
    const response = await download(app.api.get('/api/v1/exports/claims.jsonl').query({ claimant: mark }));
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/jsonl/);
    assert.match(String(response.headers['content-disposition']), /filename="claims-[\d-]+\.jsonl"/);
    const records = String(response.body).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    const api = await listed({ claimant: mark });
    assert.deepEqual(records.map((record) => record.id), api.map((claim) => claim.id));
    for (const record of records) {
      const claim = api.find((item) => item.id === record.id)!;
      assert.deepEqual(record.sources, claim.sources);
      assert.equal(record.article.id, claim.articleId);
      assert.equal(record.version, claim.version);
    }
    assert.equal(records.find((record) => record.status === 'in_progress')!.assignee.name, crew.checker.name);
  });

  it('when nothing matches, then the CSV is the header line alone and JSON Lines is empty', async () => {
    const { records, response } = await csvOf(app.api, { claimant: `nobody ${uniqueToken()}` });
    assert.equal(records.length, 0);
    assert.match(String(response.body), /^id,status,rating,/);
    const lines = await download(app.api.get('/api/v1/exports/claims.jsonl').query({ claimant: `nobody ${uniqueToken()}` }));
    assert.equal(lines.status, 200);
    assert.equal((lines.body as Buffer).length, 0);
  });

  it('when a checker, an anonymous client or a bad token asks, then they are refused before anything is read', async () => {
    const checker = await app.user('checker');
    assertProblem(await checker.api.get('/api/v1/exports/claims.csv'), 403, 'forbidden');
    assertProblem(await checker.api.get('/api/v1/exports/claims.jsonl'), 403, 'forbidden');
    assertProblem(await app.anonymous.get('/api/v1/exports/claims.csv'), 401, 'unauthenticated');
    const admin = await app.user('admin');
    assert.equal((await download(admin.api.get('/api/v1/exports/claims.csv').query({ claimant: mark }))).status, 200);
  });

  it('when a filter is wrong or a paging parameter is sent, then the answer is a problem document, not a broken download', async () => {
    assertProblem(await app.api.get('/api/v1/exports/claims.csv').query({ status: 'bogus' }), 422, 'validation-failed');
    assertProblem(await app.api.get('/api/v1/exports/claims.csv').query({ bom: 'yes' }), 422, 'validation-failed');
    assertProblem(await app.api.get('/api/v1/exports/claims.jsonl').query({ limit: '5' }), 422, 'validation-failed');
    assertProblem(await app.api.get('/api/v1/exports/claims.csv').query({ q: '-'.repeat(40) + 'x' }), 422, 'validation-failed');
    assertProblem(await app.api.get('/api/v1/exports/claims.xlsx'), 404, 'route-not-found');
  });

  it('when the claims span several batches, then each is read once, in order, by keyset', async () => {
    const all = [];
    for await (const batch of claimBatches(app.db.dataSource.manager, { claimant: mark }, 2)) {
      assert.ok(batch.length <= 2);
      all.push(...batch);
    }
    assert.deepEqual(all.map(({ claim }) => claim.id), (await listed({ claimant: mark })).map((claim) => claim.id));
    assert.equal(new Set(all.map(({ claim }) => claim.id)).size, all.length);
  });
});
