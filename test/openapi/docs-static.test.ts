import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../support/factories';
import { captureLog, errorLevel } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';

/** The static module behind /docs refuses some conditional and range requests: their status is the client's, never a 500. */
describe('/docs static files refusing a request', () => {
  let app: TestApp;
  const log = captureLog();
  before(async () => {
    app = await startTestApp({ logLevel: 'debug' }, { logTo: log.stream });
  });
  after(() => app.close());

  const asset = '/docs/swagger-ui.css';

  it('when a range starts past the end of the file, then 416 range-not-satisfiable with the length in Content-Range', async () => {
    const response = await app.anonymous.get(asset).set('Range', 'bytes=999999-');
    assertProblem(response, 416, 'range-not-satisfiable');
    assert.match(String(response.headers['content-range']), /^bytes \*\/\d+$/);
  });

  it('when If-Match names another version, then 412 condition-not-met (not the claims’ precondition-failed)', async () => {
    assertProblem(await app.anonymous.get(asset).set('If-Match', '"nope"'), 412, 'condition-not-met');
  });

  it('when If-Unmodified-Since is older than the file, then 412 condition-not-met', async () => {
    assertProblem(await app.anonymous.get(asset).set('If-Unmodified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT'), 412, 'condition-not-met');
  });

  it('when the static module refuses, then the problem carries neither the file’s validators nor its Cache-Control', async () => {
    for (const [name, value] of [['Range', 'bytes=999999-'], ['If-Match', '"nope"']] as const) {
      const response = await app.anonymous.get(asset).set(name, value);
      assert.equal(response.headers['cache-control'], 'no-store', name);
      assert.equal(response.headers.etag, undefined, name);
      assert.equal(response.headers['last-modified'], undefined, name);
    }
  });

  it('when the static module refuses, then nothing is logged at error level', async () => {
    const earlier = log.lines().length;
    await app.anonymous.get(asset).set('Range', 'bytes=999999-');
    await app.anonymous.get(asset).set('If-Match', '"nope"');
    const lines = log.lines().slice(earlier);
    assert.ok(lines.length > 0, 'the request lines were logged');
    assert.deepEqual(lines.filter((line) => line.level >= errorLevel), []);
  });

  it('when the file is asked for plainly, then 200 with its validators', async () => {
    const response = await app.anonymous.get(asset);
    assert.equal(response.status, 200);
    assert.ok(response.headers.etag && response.headers['last-modified']);
  });
});
