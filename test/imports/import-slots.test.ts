import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { uniqueToken } from '../support/factories';
import { holdTable } from '../support/hold';
import { eventually } from '../support/public';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

// IMPORT_CONCURRENCY: an import holds its body and its parsed form; one a person and a few an instance at once.

type Answer = { status: number; retryAfter: string | undefined; type: string | undefined; body: string };

const reviews = (host: string, count: number): string =>
  JSON.stringify(Array.from({ length: count }, (_, index) => ({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://${host}/reviews/${index}`,
    claimReviewed: `The port of ${host} handled ${index + 1} million containers last year`,
    datePublished: '2026-11-02',
    author: { '@type': 'Organization', name: 'Slot Checkers' },
    reviewRating: { '@type': 'Rating', ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' },
  })));

/** An import whose body is sent in two halves: until `finish`, it holds whatever the server gave it. */
function slowImport(app: TestApp, person: TestUser, body: string) {
  const bytes = Buffer.from(body);
  let request!: http.ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    request = http.request(`${app.baseUrl}/api/v1/imports/claimreview`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${person.token}`, 'Content-Type': 'application/ld+json', 'Content-Length': String(bytes.length) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({
        status: response.statusCode!, retryAfter: response.headers['retry-after'], type: response.headers['content-type'], body: text,
      }));
    });
    request.on('error', reject);
  });
  request.write(bytes.subarray(0, bytes.length >> 1));
  return {
    answer,
    finish: () => {
      request.end(bytes.subarray(bytes.length >> 1));
      return answer;
    },
    abandon: () => {
      answer.catch(() => undefined);
      request.destroy();
    },
  };
}

const settle = (ms = 300) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const quickImport = (app: TestApp, person: TestUser, body: string): Promise<Answer> => slowImport(app, person, body).finish();

const assertRefused = (answer: Answer, status: number, slug: string) => {
  assert.equal(answer.status, status, answer.body);
  assert.match(String(answer.type), /^application\/problem\+json/);
  assert.equal((JSON.parse(answer.body) as { type: string }).type, `/problems/${slug}`);
  assert.equal(answer.retryAfter, '10');
};

describe('import slots', () => {
  let app: TestApp;
  let editors: TestUser[];

  before(async () => {
    app = await startTestApp({ importConcurrency: 2 });
    editors = [await app.user('editor'), await app.user('editor'), await app.user('editor')];
  });
  after(() => app.close());

  /** Starts a slow import for `person` and returns once the server holds its slot (a small import of theirs is refused). */
  async function holding(person: TestUser) {
    const slow = slowImport(app, person, reviews(`slow-${uniqueToken()}.example`, 50));
    await eventually(async () => (await quickImport(app, person, reviews(`probe-${uniqueToken()}.example`, 1))).status === 409, 5_000, 'the slow import took its slot');
    return slow;
  }

  it('when a person sends a second import while the first is running, then 409 import-running; when the instance runs as many as it may, then 503 imports-busy; both pass', async () => {
    const first = await holding(editors[0]!);
    assertRefused(await quickImport(app, editors[0]!, reviews(`again-${uniqueToken()}.example`, 1)), 409, 'import-running');
    const second = await holding(editors[1]!);
    assertRefused(await quickImport(app, editors[2]!, reviews(`third-${uniqueToken()}.example`, 1)), 503, 'imports-busy');

    for (const running of [first, second]) {
      const done = await running.finish();
      assert.equal(done.status, 200, done.body);
      assert.equal((JSON.parse(done.body) as { created: number }).created, 50, 'the held imports complete whole');
    }
    const third = await quickImport(app, editors[2]!, reviews(`third-${uniqueToken()}.example`, 3));
    assert.equal(third.status, 200, third.body);
    assert.equal((JSON.parse(third.body) as { created: number }).created, 3);
  });

  it('when a client goes away in the middle of its body, then its slot is free again and nothing of it is stored', async () => {
    const host = `gone-${uniqueToken()}.example`;
    const slow = slowImport(app, editors[1]!, reviews(host, 50));
    await eventually(async () => (await quickImport(app, editors[1]!, reviews(`probe-${uniqueToken()}.example`, 1))).status === 409, 5_000, 'the slow import took its slot');
    slow.abandon();
    await eventually(async () => (await quickImport(app, editors[1]!, reviews(`after-${uniqueToken()}.example`, 1))).status === 200, 5_000, 'the slot was given back');
    const [{ count }] = await app.db.dataSource.query<[{ count: number }]>('SELECT count(*)::int AS count FROM external_fact_checks WHERE url LIKE $1', [`https://${host}/%`]);
    assert.equal(count, 0);
  });

  it('when an import is refused for its slot, then its body is never read: a body over the limit still gets 409, not 413', async () => {
    const first = await holding(editors[0]!);
    const huge = await quickImport(app, editors[0]!, 'x'.repeat(app.config.importBodyLimit + 1));
    assertRefused(huge, 409, 'import-running');
    assert.equal((await first.finish()).status, 200);
  });
});

describe('import slots while the import works', () => {
  let app: TestApp;
  let editor: TestUser;
  before(async () => {
    app = await startTestApp({ importConcurrency: 2 }, { ownDatabase: true }); // holds a table below
    editor = await app.user('editor');
  });
  after(() => app.close());

  it('when the client hangs up once its whole body is sent, then the import goes on and keeps its slot until it ends', async (t) => {
    if (app.db.kind !== 'postgres') return t.skip('holding the import past the token check needs a second connection: PostgreSQL');
    const host = `hung-up-${uniqueToken()}.example`;
    const sent = slowImport(app, editor, reviews(host, 20));
    await eventually(async () => (await quickImport(app, editor, reviews(`probe-${uniqueToken()}.example`, 1))).status === 409, 5_000, 'the import holds its slot');
    const release = await holdTable(app, 'external_fact_checks'); // its writes wait until released
    try {
      sent.finish().catch(() => undefined);
      await settle(); // the rest of the body is read, the import waits on the table
      sent.abandon();
      await settle();
      const again = await Promise.race([quickImport(app, editor, reviews(`again-${uniqueToken()}.example`, 1)), settle(3_000).then(() => undefined)]);
      assert.ok(again, 'answered at once (not let in to wait on the table)');
      assertRefused(again, 409, 'import-running');
    } finally {
      await release();
    }
    const stored = async () =>
      (await app.db.dataSource.query<[{ count: number }]>('SELECT count(*)::int AS count FROM external_fact_checks WHERE url LIKE $1', [`https://${host}/%`]))[0].count;
    await eventually(async () => (await stored()) === 20, 5_000, 'the abandoned import completed');
    await eventually(async () => (await quickImport(app, editor, reviews(`after-${uniqueToken()}.example`, 1))).status === 200, 5_000, 'its slot was given back when it ended');
  });
});
