import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSession } from '../../src/web/sessions.service';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { addEvidence, moved, newClaim } from '../support/workflow';

/** Reads an open event stream until `done` says what arrived is enough, or the time runs out. */
async function readStream(response: Response, done: (text: string) => boolean, timeoutMs = 8000): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done(text) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(resolve, deadline - Date.now()))]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

/** The data of each whole line received (a chunk may end in the middle of one). */
const dataLines = (text: string) =>
  text.split('\n').slice(0, -1).filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);

describe('GET /events', () => {
  let app: TestApp;
  let checker: TestUser;
  let cookie: string;

  before(async () => {
    app = await startTestApp();
    checker = await app.user('checker');
    const { secret } = await startSession(app.db.dataSource.manager, checker.id, app.config.session);
    cookie = `ct_session=${secret}`;
  });
  after(async () => {
    await app?.close();
  });

  const open = (headers: Record<string, string> = {}) => fetch(`${app.baseUrl}/events`, { headers: { cookie, ...headers } });

  it('when nobody is signed in, then 401, not a redirect to the sign-in form', async () => {
    const response = await fetch(`${app.baseUrl}/events`, { redirect: 'manual' });
    assert.equal(response.status, 401);
    await response.body?.cancel();
  });

  it('when a claim moves, then an open stream gets its id, status, version and article, and nothing a person wrote', async () => {
    const claim = await newClaim(checker.api);
    const response = await open();
    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /^text\/event-stream/);
    assert.match(String(response.headers.get('cache-control')), /no-store/);
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.equal(response.headers.get('content-encoding'), null);
    // Every claim's moves reach every stream (other test files move theirs too): wait for this one's.
    const reading = readStream(response, (text) => dataLines(text).some((data) => data.claimId === claim.id && data.status === 'in_progress'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await moved(checker.api, claim.id, { to: 'in_progress' });
    const text = await reading;
    assert.match(text, /^retry: \d+$/m);
    const event = dataLines(text).find((data) => data.claimId === claim.id && data.status === 'in_progress');
    assert.ok(event, text);
    assert.deepEqual(Object.keys(event).sort(), ['articleId', 'claimId', 'seq', 'status', 'version']);
    assert.match(text, new RegExp(`^id: ${String(event.seq)}$`, 'm'));
    assert.doesNotMatch(text, new RegExp(claim.quote));
  });

  it('when a page reconnects with Last-Event-ID, then the events after it are replayed from the database', async () => {
    const claim = await newClaim(checker.api);
    const [{ seq }] = (await app.db.dataSource.query('SELECT max(seq)::text AS seq FROM claim_events')) as [{ seq: string }];
    await moved(checker.api, claim.id, { to: 'in_progress' });
    await addEvidence(checker.api, claim.id);
    const text = await readStream(await open({ 'Last-Event-ID': seq }), (received) => dataLines(received).filter((data) => data.claimId === claim.id).length >= 2, 3000);
    const replayed = dataLines(text).filter((data) => data.claimId === claim.id);
    assert.equal(replayed.length, 2, text);
    assert.ok(replayed.every((data) => BigInt(String(data.seq)) > BigInt(seq)));
    assert.deepEqual(replayed.map((data) => data.version), [2, 3]);
  });

  it('when the stream is quiet, then a heartbeat comment keeps it open', async () => {
    const quiet = await startTestApp();
    try {
      quiet.liveHub.setHeartbeat(100);
      const person = await quiet.user('checker');
      const { secret } = await startSession(quiet.db.dataSource.manager, person.id, quiet.config.session);
      const response = await fetch(`${quiet.baseUrl}/events`, { headers: { cookie: `ct_session=${secret}` } });
      assert.match(await readStream(response, (text) => text.includes(': ping'), 3000), /^: ping$/m);
    } finally {
      await quiet.close();
    }
  });

  it('when one person opens more streams than allowed, then the extra one is refused with 429', async () => {
    const streams = await Promise.all(Array.from({ length: 8 }, () => open()));
    const extra = await open();
    assert.equal(extra.status, 429);
    await extra.body?.cancel();
    await Promise.all(streams.map((stream) => stream.body?.cancel()));
  });

  it('when the server stops, then open streams end instead of holding the shutdown', async () => {
    const own = await startTestApp();
    const person = await own.user('checker');
    const { secret } = await startSession(own.db.dataSource.manager, person.id, own.config.session);
    const response = await fetch(`${own.baseUrl}/events`, { headers: { cookie: `ct_session=${secret}` } });
    const reading = readStream(response, () => false, 20_000);
    const started = Date.now();
    await own.close();
    await reading;
    assert.ok(Date.now() - started < 10_000, 'the stream ended with the server');
  });
});
