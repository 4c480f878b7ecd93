import { parseQuery } from '../src/http/validation';
import { openDatabase } from '../src/database/database';
import { DeskQuery } from '../src/desk/desk.dto';
import { loadDesk } from '../src/desk/desk.service';

/**
 * The desk with its articleChangedSincePublication section, on a database made by
 * `npm run bench:data` (BENCH_DESK_DATABASE_URL): median and slowest of 15 loads, before and after
 * retitling `--edited` articles that have published claims (this changes that database: make it again after).
 */
async function main(): Promise<void> {
  const url = process.env.BENCH_DESK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/claim_tracker_scale_articles';
  const edited = Number(process.argv[process.argv.indexOf('--edited') + 1] ?? 100) || 100;
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  const query = await parseQuery(DeskQuery, {});
  const time = async (label: string) => {
    const runs: number[] = [];
    let listed = 0;
    for (let run = 0; run < 15; run++) {
      const started = process.hrtime.bigint();
      const desk = await loadDesk(db.dataSource, query);
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
      listed = desk.articleChangedSincePublication.items.length;
    }
    runs.sort((a, b) => a - b);
    console.log(`${label}: desk median ${runs[7]!.toFixed(1)} ms, slowest ${runs.at(-1)!.toFixed(1)} ms, section lists ${listed}`);
  };
  const [{ claims, published }] = await db.dataSource.query(
    `SELECT count(*)::int AS claims, count(last_published_at)::int AS published FROM claims`,
  );
  console.log(`${claims} claims, ${published} published`);
  await time('no article edited');
  await db.dataSource.query(`
    WITH chosen AS (
      SELECT DISTINCT article_id FROM claims WHERE last_published_at IS NOT NULL ORDER BY article_id LIMIT $1
    ), retitled AS (
      UPDATE articles a SET title = a.title || ' (retitled)', updated_at = now() FROM chosen WHERE a.id = chosen.article_id
      RETURNING a.id, a.title
    )
    INSERT INTO article_events (article_id, action, changes)
    SELECT id, 'article.updated', jsonb_build_object('title', jsonb_build_object('from', null, 'to', title)) FROM retitled`,
    [edited],
  );
  await time(`${edited} articles with published claims retitled`);
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
