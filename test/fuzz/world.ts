import assert from 'node:assert/strict';
import { problemCatalogue } from '../../src/errors/catalogue';
import { createUser, issueToken, revokeToken } from '../../src/users/users.service';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { captureLog } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, listEvidence, addEvidence } from '../support/workflow';
import { operationsOf, type Operation } from './operations';
import type { Resolve, Schema } from './schema-arbitraries';

export const callerNames = ['anonymous', 'checker', 'editor', 'admin', 'revoked', 'garbage'] as const;
export type CallerName = (typeof callerNames)[number];

/** The ids a path parameter can name, by the kind of resource. */
export type Pools = {
  article: string[];
  claim: string[];
  evidence: Map<string, string[]>;
  user: string[];
  token: string[];
  factCheck: string[];
  slug: string[];
  cursor: string[];
};

/** The running app, its callers, the data the fuzzer aims at, and the operations of its served document. */
export type World = {
  app: TestApp;
  /** The app's log at level warn and above: bad input may warn, never log an error. */
  log: ReturnType<typeof captureLog>;
  bodyLimitBytes: number;
  tokens: Record<Exclude<CallerName, 'anonymous' | 'garbage'>, string>;
  pools: Pools;
  operations: Operation[];
  resolve: Resolve;
  ratings: string[];
  /** GET as an editor (or an admin for people), for reading back what was stored. */
  read: (path: string, as?: 'editor' | 'admin') => Promise<{ status: number; body: any; etag: string | null }>;
};

const bodyLimitBytes = 32 * 1024;

export async function startWorld(): Promise<World> {
  const log = captureLog();
  const app = await startTestApp(
    { bodyLimit: `${bodyLimitBytes}b`, publicRateLimit: { perMinute: 10_000_000, store: 'memory' }, logLevel: 'warn' },
    { logTo: log.stream },
  );
  const checker = await app.user('checker');
  const editor = await app.user('editor');
  const admin = await app.user('admin');
  const manager = app.db.dataSource.manager;
  const revokedPerson = await createUser(manager, { name: `fuzz-revoked-${uniqueToken()}`, role: 'editor' });
  await revokeToken(manager, revokedPerson.token.id);

  // Claims in every status, each on an article of its own, and one article with no claim (its body may change).
  const crew = { checker, editor: await app.user('editor') };
  const claims: string[] = [];
  const articles: string[] = [(await createArticle(app.api)).id];
  for (const status of ['unverified', 'in_progress', 'in_review', 'published', 'not_checkable']) {
    const article = await createArticle(app.api);
    const claim = await createClaim(app.api, article.id);
    await driveTo(crew, claim.id, status);
    if (status === 'in_progress') await addEvidence(checker.api, claim.id);
    articles.push(article.id);
    claims.push(claim.id);
  }
  const evidence = new Map<string, string[]>();
  for (const claim of claims) evidence.set(claim, (await listEvidence(app.api, claim)).map((item) => item.id));

  const targets = [await app.user('checker'), await app.user('editor'), await app.user('admin')];
  const sacrificial = await createUser(manager, { name: `fuzz-tokens-${uniqueToken()}`, role: 'checker' });
  const tokens = [sacrificial.token.id];
  for (let i = 0; i < 3; i++) tokens.push((await issueToken(manager, sacrificial.user.id, `spare ${i}`)).token.id);

  const served = await app.anonymous.get('/openapi.json');
  assert.equal(served.status, 200);
  const { operations, resolve } = operationsOf(served.body as Schema);

  // Reads go through people of their own, whom no fuzzed request can aim at: the callers' own accounts are
  // in the user pool, so a request may deactivate them or change their role before a read-back.
  const readers = { editor: await app.user('editor'), admin: await app.user('admin') };
  const read: World['read'] = async (path, as = 'editor') => {
    const response = await readers[as].api.get(path);
    return { status: response.status, body: response.body, etag: (response.headers.etag as string | undefined) ?? null };
  };
  const cursors: string[] = [];
  for (const path of ['/api/v1/articles?limit=1', '/api/v1/claims?limit=1']) cursors.push((await read(path)).body.nextCursor as string);
  const feed = await app.anonymous.get('/feed.json?limit=1');
  const feedCursor = feed.body.next_url ? new URL(feed.body.next_url as string).searchParams.get('cursor') : null;
  if (feedCursor) cursors.push(feedCursor);

  return {
    app,
    log,
    bodyLimitBytes,
    tokens: { checker: checker.token, editor: editor.token, admin: admin.token, revoked: revokedPerson.secret },
    pools: {
      article: articles,
      claim: claims,
      evidence,
      // People of each role for requests to aim at, never the callers themselves: a fuzzed request that
      // disables a caller would leave every later request of that caller a 401, testing nothing.
      user: [...targets.map((person) => person.id), sacrificial.user.id],
      token: tokens,
      factCheck: [claims[3]!],
      slug: Object.keys(problemCatalogue),
      cursor: cursors.filter(Boolean),
    },
    operations,
    resolve,
    ratings: ((await read('/api/v1/ratings')).body.ratings as Array<{ id: string }>).map((rating) => rating.id),
    read,
  };
}
