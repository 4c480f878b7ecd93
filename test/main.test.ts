import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { copyEmbeddedTemplate, testRoot } from './support/databases';
import {
  killChildren,
  runScript,
  startMain as startChild,
  stop,
  stopTimeoutMs,
  type ServerProcess as Server,
} from './support/server-process';

// The entry point as an operator runs it: a child process on its own embedded data directory.
const seedSlug = 'kim-putin-vladivostok-id';
const seedClaimCount = 16;

const dataDirs: string[] = [];
const startupTimes: Array<{ dataDir: 'a fresh' | 'an existing'; startupMs: number }> = [];

/** A directory that does not exist yet: the server creates the database there as on a first run. */
function freshDataDir(): string {
  const dataDir = path.join(testRoot, `main-${process.pid}-${randomBytes(4).toString('hex')}`);
  dataDirs.push(dataDir);
  return dataDir;
}

/** An existing, migrated and empty database (a copy of the test template): starts faster. */
function existingDataDir(): string {
  const dataDir = copyEmbeddedTemplate();
  dataDirs.push(dataDir);
  return dataDir;
}

/** Runs src/main.ts on an embedded data directory and waits until it listens. */
async function startMain(env: Record<string, string> & { PGLITE_DATA_DIR: string }): Promise<Server> {
  const existing = fs.existsSync(path.join(env.PGLITE_DATA_DIR, 'PG_VERSION'));
  const server = await startChild(env);
  assert.equal(server.database, 'embedded');
  startupTimes.push({ dataDir: existing ? 'an existing' : 'a fresh', startupMs: server.startupMs });
  return server;
}

/** An editor's token, made by the CLI (through the server's socket when one runs on the data directory). */
async function editorToken(dataDir: string): Promise<string> {
  const run = await runScript('src/cli/cli.ts', { PGLITE_DATA_DIR: dataDir }, ['users:create', '--name', `editor-${randomBytes(3).toString('hex')}`, '--role', 'editor']);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout.trim().split('\n').at(-1)!;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function getJson(server: Server, urlPath: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.baseUrl}${urlPath}`, { headers: bearer(token), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json() };
}

async function postJson(server: Server, urlPath: string, token: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.baseUrl}${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

async function listArticles(server: Server, token: string): Promise<Array<{ id: string; slug: string }>> {
  const response = await getJson(server, '/api/v1/articles?limit=100', token);
  assert.equal(response.status, 200);
  return response.body.items;
}

const anArticle = (title: string) => ({ title, language: 'en', body: `${title}: the text of the article.` });

// The suite's PostgreSQL run (DATABASE_URL set) would repeat these word for word: they run in the embedded run.
const embeddedOnly = { skip: process.env.DATABASE_URL ? 'an embedded data directory of its own: checked in the embedded run' : false } as const;

describe('process entry point (src/main.ts)', () => {
  after(async () => {
    await killChildren();
    for (const dataDir of dataDirs) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(`${dataDir}.lock`, { recursive: true, force: true });
    }
    for (const { dataDir, startupMs } of startupTimes) console.log(`start-up on ${dataDir} data directory: ${startupMs} ms`);
  });

  it('when started on a fresh embedded data directory, then it seeds the Kim–Putin article with 16 claims, once: a restart keeps what was written and seeds nothing', { ...embeddedOnly, timeout: 180_000 }, async () => {
    const dataDir = freshDataDir();
    const first = await startMain({ PGLITE_DATA_DIR: dataDir });
    const seeded = await first.waitForLog('new embedded database seeded with the shipped articles', 1_000);
    assert.equal(seeded.claimsCreated, seedClaimCount);
    assert.equal(await stop(first), 0);
    assert.ok(first.logs.some((line) => line.msg === 'stopped'), 'logged a clean stop');

    const token = await editorToken(dataDir);
    const second = await startMain({ PGLITE_DATA_DIR: dataDir });
    const articles = await listArticles(second, token);
    assert.deepEqual(articles.map((article) => article.slug), [seedSlug]);
    const article = await getJson(second, `/api/v1/articles/${articles[0]!.id}`, token);
    assert.equal(article.body.claimCounts.total, seedClaimCount);
    const created = await postJson(second, '/api/v1/articles', token, anArticle('Survives a restart'));
    assert.equal(created.status, 201);
    assert.equal(await stop(second), 0);

    const third = await startMain({ PGLITE_DATA_DIR: dataDir });
    assert.ok(!second.logs.some((line) => line.msg.startsWith('new embedded database seeded')), 'no second seed');
    assert.ok(!third.logs.some((line) => line.msg.startsWith('new embedded database seeded')), 'no third seed');
    const read = await getJson(third, `/api/v1/articles/${created.body.id}`, token);
    assert.equal(read.status, 200);
    assert.equal(read.body.title, 'Survives a restart');
    assert.deepEqual((await listArticles(third, token)).map((listed) => listed.slug).sort(), [created.body.slug, seedSlug].sort());
    const seededArticle = await getJson(third, `/api/v1/articles/${articles[0]!.id}`, token);
    assert.equal(seededArticle.body.claimCounts.total, seedClaimCount);
    assert.equal(await stop(third), 0);
  });

  it('when people are created before the first start, then the first start still seeds', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dataDir = freshDataDir();
    const token = await editorToken(dataDir);
    const server = await startMain({ PGLITE_DATA_DIR: dataDir });
    assert.deepEqual((await listArticles(server, token)).map((article) => article.slug), [seedSlug]);
    assert.equal(await stop(server), 0);
  });

  it('when SIGTERM arrives while a request is in flight, then that request still finishes and new ones are refused', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dataDir = existingDataDir();
    const token = await editorToken(dataDir);
    const server = await startMain({ PGLITE_DATA_DIR: dataDir, SEED_ON_START: 'false' });
    // No route is slow, so the request is kept in flight by sending its body in two parts.
    const body = Buffer.from(JSON.stringify(anArticle('Sent during shutdown')));
    const half = Math.floor(body.length / 2);
    const request = http.request(`${server.baseUrl}/api/v1/articles`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue', ...bearer(token) },
      timeout: 20_000,
    });
    const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      request.on('timeout', () => request.destroy(new Error('in-flight request timed out')));
      request.on('error', reject);
    });
    // "100 Continue" proves the server has accepted the connection and is reading this request.
    const continued = new Promise<void>((resolve) => request.once('continue', () => resolve()));
    request.flushHeaders();
    await Promise.race([continued, response.then(() => assert.fail('answered before the body was sent'))]);
    request.write(body.subarray(0, half));

    server.child.kill('SIGTERM');
    await server.waitForLog('stopping: no new connections, finishing requests in flight', 10_000);
    await assert.rejects(
      fetch(`${server.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }),
      'a new connection is refused while stopping',
    );

    request.end(body.subarray(half));
    const answer = await response;
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.title, 'Sent during shutdown');
    assert.equal(await server.exitCode(stopTimeoutMs), 0);
  });

  it('when a server holds the data directory, then the CLI works through its socket and the new token works at once', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dataDir = existingDataDir();
    const server = await startMain({ PGLITE_DATA_DIR: dataDir, SEED_ON_START: 'false' });
    const token = await editorToken(dataDir);
    assert.equal((await postJson(server, '/api/v1/articles', token, anArticle('Made while the CLI was in'))).status, 201);
    const seedRun = await runScript('src/seed/seed.cli.ts', { PGLITE_DATA_DIR: dataDir });
    assert.equal(seedRun.code, 0, seedRun.stderr);
    assert.equal((await listArticles(server, token)).length, 2, 'the seed went in through the socket');
    assert.equal(await stop(server), 0);
  });

  it('when PGLITE_SOCKET=false and a server holds the data directory, then the CLI exits 1 saying the database is in use', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dataDir = existingDataDir();
    const token = await editorToken(dataDir);
    const server = await startMain({ PGLITE_DATA_DIR: dataDir, SEED_ON_START: 'false', PGLITE_SOCKET: 'false' });
    const seedRun = await runScript('src/seed/seed.cli.ts', { PGLITE_DATA_DIR: dataDir });
    assert.equal(seedRun.code, 1, seedRun.stdout);
    assert.match(seedRun.stderr, /is in use by another process/);
    assert.deepEqual(await listArticles(server, token), [], 'the refused seed wrote nothing');
    assert.equal(await stop(server), 0);
  });

  it('when PORT is not a number, then it exits 1 with a message naming PORT and touches no data', { timeout: 60_000 }, async () => {
    const dataDir = freshDataDir();
    const run = await runScript('src/main.ts', { PGLITE_DATA_DIR: dataDir, PORT: 'abc' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Invalid configuration:\s+- PORT: /);
    assert.ok(!fs.existsSync(dataDir), 'no data directory was created');
  });

  it('when PORT is already in use, then it exits 1 with one line naming the port, before touching any data', { timeout: 60_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    const dataDir = freshDataDir();
    try {
      const run = await runScript('src/main.ts', { PGLITE_DATA_DIR: dataDir, PORT: String(port) });
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*set PORT`));
      assert.ok(!fs.existsSync(dataDir), 'no data directory was created');
    } finally {
      taken.close();
    }
  });

  it('when DATABASE_URL names a database that does not exist, then it exits 1 with one line saying so', { timeout: 60_000 }, async () => {
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    url.pathname = `/claim_tracker_missing_${randomBytes(4).toString('hex')}`;
    const run = await runScript('src/main.ts', { DATABASE_URL: url.toString(), PORT: '0' });
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^The database "claim_tracker_missing_\w+" on [^ ]+ does not exist: create it \(createdb\) or fix DATABASE_URL\.$/m);
  });

  it('when SEED_ON_START=false on a fresh data directory, then it starts empty', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dataDir = freshDataDir();
    const server = await startMain({ PGLITE_DATA_DIR: dataDir, SEED_ON_START: 'false' });
    assert.ok(server.logs.some((line) => line.msg === 'new embedded database created'), 'the database was new');
    assert.ok(!server.logs.some((line) => line.msg.startsWith('new embedded database seeded')));
    assert.equal(await stop(server), 0);
    const token = await editorToken(dataDir);
    const again = await startMain({ PGLITE_DATA_DIR: dataDir, SEED_ON_START: 'false' });
    assert.deepEqual(await listArticles(again, token), []);
    assert.equal(await stop(again), 0);
  });
});
