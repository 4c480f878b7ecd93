import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../support/factories';
import { assertMatchesDocumented } from '../support/openapi';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, hireCrew, moved, newClaim } from '../support/workflow';

type MyClaimsJson = { holding: Array<{ id: string; status: string; lastChange: { action: string } | null }>; sentBack: Array<{ id: string; status: string }> };

describe('GET /api/v1/me/claims', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('when a checker holds claims and an editor sends one back, then it lists what they hold and what came back, oldest first, and nobody else’s', async () => {
    const crew = await hireCrew(app);
    const other = await hireCrew(app);
    const [held, proposed, returned] = [await newClaim(app.api), await newClaim(app.api), await newClaim(app.api)];
    await driveTo(crew, held.id, 'in_progress');
    await driveTo(crew, proposed.id, 'in_review');
    await driveTo(crew, returned.id, 'in_review');
    await moved(crew.editor.api, returned.id, { to: 'in_progress', note: 'Quote the budget line.' });
    const elsewhere = await newClaim(app.api);
    await driveTo(other, elsewhere.id, 'in_progress');
    const settled = await newClaim(app.api);
    await driveTo(crew, settled.id, 'published');

    const response = await crew.checker.api.get('/api/v1/me/claims');
    assert.equal(response.status, 200, response.text);
    assertMatchesDocumented(response, 'get', '/api/v1/me/claims');
    const mine = response.body as MyClaimsJson;
    assert.deepEqual(mine.holding.map((claim) => [claim.id, claim.status]), [[held.id, 'in_progress'], [proposed.id, 'in_review']]);
    assert.deepEqual(mine.sentBack.map((claim) => [claim.id, claim.status]), [[returned.id, 'in_progress']]);
    assert.equal(mine.holding[1]!.lastChange?.action, 'status.changed');

    const theirs = (await other.checker.api.get('/api/v1/me/claims')).body as MyClaimsJson;
    assert.deepEqual(theirs.holding.map((claim) => claim.id), [elsewhere.id]);
    assert.deepEqual(theirs.sentBack, []);
  });

  it('when the caller holds nothing, then both lists are empty; without a token, then 401', async () => {
    const crew = await hireCrew(app);
    assert.deepEqual((await crew.editor.api.get('/api/v1/me/claims')).body, { holding: [], sentBack: [] });
    assertProblem(await app.anonymous.get('/api/v1/me/claims'), 401, 'unauthenticated');
  });
});
