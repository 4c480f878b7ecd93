import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backfillArticleSnapshotsSql } from '../../migrations/1795792000000-ArticleHistoryAndPublishedArticle';
import { presentFactCheck } from '../../src/fact-checks/fact-check.presenter';
import { findFactCheck } from '../../src/fact-checks/fact-checks.service';
import { hireEditors, newPublicClaim, publish } from '../support/public';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Crew } from '../support/workflow';

/** Undoes the transaction it runs in, whatever happens: other test files share the database. */
class RolledBack extends Error {}

describe('migration 1795792000000: the article in verdicts approved before it', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp();
    crew = await hireEditors(app);
  });
  after(() => app.close());

  it('when a verdict’s snapshot has no article, then the backfill adds the article as it reads now and the public page shows it', async () => {
    const claim = await newPublicClaim(app.api, { article: { publisher: null, publishedAt: '2026-11-20T08:00:00.123+07:00' } });
    await publish(crew, claim.id);
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);
    const site = { baseUrl: 'https://checks.test', organization: { name: 'Desk', url: undefined }, reviewLanguage: 'en' };

    // Inside one transaction that is rolled back: nobody else ever sees a verdict without its article.
    await assert.rejects(
      app.db.dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE verdicts DISABLE TRIGGER verdicts_append_only`);
        await manager.query(`UPDATE verdicts SET claim_snapshot = claim_snapshot - 'article' WHERE claim_id = $1`, [claim.id]);
        const [{ stripped }] = await manager.query(`SELECT count(*)::int AS stripped FROM verdicts WHERE NOT claim_snapshot ? 'article'`);
        assert.ok(stripped >= 1, 'a verdict as approved before the migration');

        await manager.query(backfillArticleSnapshotsSql);
        await manager.query(`ALTER TABLE verdicts ENABLE TRIGGER verdicts_append_only`);

        const [{ missing }] = await manager.query(`SELECT count(*)::int AS missing FROM verdicts WHERE NOT claim_snapshot ? 'article'`);
        assert.equal(missing, 0);
        const factCheck = await findFactCheck(manager, claim.id);
        const page = presentFactCheck(factCheck!, site);
        assert.deepEqual(page.article, {
          title: article.title,
          url: article.url,
          publisher: null,
          publishedAt: '2026-11-20T01:00:00.123Z',
          language: 'en',
        });
        assert.equal(factCheck!.verdicts[0]!.claimSnapshot.article.publishedAt, new Date(article.publishedAt).toISOString(), 'written as toISOString() writes it');
        throw new RolledBack();
      }),
      RolledBack,
    );
    const [{ intact }] = await app.db.dataSource.query(`SELECT count(*)::int AS intact FROM verdicts WHERE claim_id = $1 AND claim_snapshot ? 'article'`, [claim.id]);
    assert.equal(intact, 1);
    await assert.rejects(app.db.dataSource.query(`UPDATE verdicts SET rationale = 'x' WHERE claim_id = $1`, [claim.id]), /append-only/, 'the trigger is on again');
  });

  it('when a verdict is inserted without the article (an older instance during a deploy), then the database adds the article as it reads', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);
    await assert.rejects(
      app.db.dataSource.transaction(async (manager) => {
        const [inserted] = await manager.query(
          `INSERT INTO verdicts (claim_id, rating, rating_scale_version, rationale, proposed_by, approved_by, correction_note, published_at, claim_snapshot)
           SELECT claim_id, rating, rating_scale_version, rationale, proposed_by, approved_by, 'again', now(), claim_snapshot - 'article'
           FROM verdicts WHERE claim_id = $1
           RETURNING claim_snapshot`,
          [claim.id],
        );
        assert.deepEqual(inserted.claim_snapshot.article, {
          title: article.title,
          url: article.url,
          publisher: 'Test Daily',
          publishedAt: '2026-11-20T01:00:00.000Z',
          language: 'en',
        });
        throw new RolledBack();
      }),
      RolledBack,
    );
  });
});
