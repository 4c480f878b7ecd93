import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../../src/database/database';
import { childEnv } from '../support/child-env';
import { nodeArgs } from '../support/server-process';
import { copyEmbeddedTemplate, testRoot } from '../support/databases';
import { uniqueToken } from '../support/factories';

// The import as an operator runs it: a child process, files named on the command line.
const repoRoot = path.resolve(__dirname, '../..');
const postgresUrl = process.env.DATABASE_URL;

type Run = { code: number | null; stdout: string; stderr: string };

function cli(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [...nodeArgs('src/cli/cli.ts'), ...args], { cwd: repoRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run cli -- import:claimreview', () => {
  const host = `checkers-${uniqueToken()}.example`;
  const workDir = path.join(testRoot, `import-${uniqueToken()}`);
  let env: Record<string, string>;
  let dataDir: string | undefined;
  const file = (name: string) => path.join(workDir, name);

  before(() => {
    fs.mkdirSync(workDir, { recursive: true });
    // This run's own copies of the fixtures, on a host of its own, so reruns on one PostgreSQL start afresh.
    for (const name of ['datafeed.json', 'broken-records.json', 'review-page.html']) {
      fs.writeFileSync(file(name), fs.readFileSync(path.join(__dirname, '../imports/fixtures', name), 'utf8').replaceAll('checkers.example', host));
    }
    fs.writeFileSync(file('latin1.json'), Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d]));
    if (postgresUrl) env = { DATABASE_URL: postgresUrl };
    else env = { PGLITE_DATA_DIR: (dataDir = copyEmbeddedTemplate()) };
  });
  after(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const storedUrls = async (): Promise<string[]> => {
    const db: Database = await openDatabase(postgresUrl ? { kind: 'postgres', url: postgresUrl, poolSize: 1 } : { kind: 'embedded', dataDir: dataDir! });
    try {
      const rows = await db.dataSource.query<Array<{ url: string }>>('SELECT url FROM external_fact_checks WHERE url LIKE $1 ORDER BY url', [`https://${host}/%`]);
      return rows.map((row) => row.url.slice(`https://${host}/reviews/`.length));
    } finally {
      await db.close();
    }
  };

  it('when files of every kind are imported twice, then the second run creates nothing, and each refusal is named with its file, place and reason', async () => {
    const files = [file('datafeed.json'), file('broken-records.json'), file('review-page.html')];
    const first = await cli(env, 'import:claimreview', ...files);
    assert.equal(first.code, 2, first.stderr);
    const lines = first.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '14 records: 5 created, 0 updated, 0 unchanged, 9 refused (3 other nodes skipped)');
    assert.ok(lines.includes('  refused #3 at datafeed.json#/dataFeedElement/2: url is missing: it is what tells one review from another'), lines.join('\n'));
    assert.ok(lines.includes('  refused #5 at broken-records.json#/1: not an object: a ClaimReview is a JSON object'), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('  refused #14 at review-page.html script 2: not valid JSON')), lines.join('\n'));
    assert.equal(first.stderr, '', 'no progress bar when stderr is no terminal');

    const second = await cli(env, 'import:claimreview', ...files);
    assert.match(second.stdout, /^14 records: 0 created, 0 updated, 5 unchanged, 9 refused/);
    assert.deepEqual(await storedUrls(), ['bridge-cost', 'good-one', 'good-two', 'page-review', 'putin-vladivostok']);
  });

  it('when a file is missing or not UTF-8, or none is named, then it says so and writes nothing', async () => {
    const missing = await cli(env, 'import:claimreview', file('datafeed.json'), file('nowhere.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Cannot read .*nowhere\.json: ENOENT/);
    const latin1 = await cli(env, 'import:claimreview', file('latin1.json'));
    assert.equal(latin1.code, 1);
    assert.match(latin1.stderr, /latin1\.json is not UTF-8 text/);
    const none = await cli(env, 'import:claimreview');
    assert.equal(none.code, 1);
    assert.match(none.stderr, /import:claimreview needs at least one file/);
  });
});
