import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WordingBands1795835000000 } from '../../migrations/1795835000000-WordingBands';
import type { Config } from '../../src/config/config';
import { bandCount } from '../../src/similar/wording-bands';
import { ownDatabase, removeOwnDatabase } from '../support/databases';
import { hireEditors, publish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { startTestApp, type TestApp } from '../support/test-app';

describe('migration 1795835000000: band keys of the claims made before it', () => {
  let database: Config['database'];
  let app: TestApp;
  before(async () => {
    database = await ownDatabase(); // the migration is undone and done again: no other file may share it
    app = await startTestApp({ database });
  });
  after(async () => {
    await app.close();
    await removeOwnDatabase(database);
  });

  it('when claims exist before the migration, then it keys every one of them, published ones as published, and similar claims are found', async () => {
    const topic = uniqueWord();
    const checked = await claimWorded(app.api, `The toll road to ${topic} cost 12 trillion rupiah to build.`);
    await publish(await hireEditors(app), checked.id);
    const repeat = await claimWorded(app.api, `He said the toll road to ${topic} cost 12 trillion rupiah to build.`);

    await app.db.dataSource.transaction(async (manager) => {
      const migration = new WordingBands1795835000000();
      await migration.down(manager.queryRunner!);
      await migration.up(manager.queryRunner!);
    });

    const keyed = await app.db.dataSource.query(
      `SELECT c."id", count(b."key")::int AS keys, bool_and(b."published") AS published
         FROM "claims" c LEFT JOIN "claim_wording_bands" b ON b."claim_seq" = c."seq"
        WHERE c."id" = ANY($1) GROUP BY c."id"`,
      [[checked.id, repeat.id]],
    );
    assert.deepEqual(
      Object.fromEntries(keyed.map((row: { id: string; keys: number; published: boolean }) => [row.id, [row.keys, row.published]])),
      { [checked.id]: [bandCount, true], [repeat.id]: [bandCount, false] },
    );
    const similar = await app.api.get(`/api/v1/claims/${repeat.id}/similar`);
    assert.equal(similar.body.items[0]?.id, checked.id, similar.text);
    const search = await app.anonymous.get(`/fact-checks?q=${encodeURIComponent(`toll road to ${topic} cost 12 trillion rupiah`)}`);
    assert.equal(search.body.items[0]?.id, checked.id, search.text);
  });
});
