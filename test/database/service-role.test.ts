import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { openDatabase } from '../../src/database/database';
import { appendOnlyTables, grantsInPlace, servicePrivilegeProblems } from '../../src/database/privileges';
import { migrateAndGrant } from '../../src/database/service-role';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { killChildren, runScript, startMain, stop } from '../support/server-process';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, hireCrew, history } from '../support/workflow';

const ownerUrl = process.env.DATABASE_URL;
const skip = ownerUrl ? false : 'needs DATABASE_URL: the embedded database (PGlite) has a single role, so only the triggers guard it';

/** A new login role, no superuser; its URL is DATABASE_URL's with this role and password. */
async function createLoginRole(owner: Client): Promise<{ name: string; url: string }> {
  const name = `ct_service_${uniqueToken()}`;
  const password = uniqueToken();
  await owner.query(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
  const url = new URL(ownerUrl!);
  url.username = name;
  url.password = password;
  return { name, url: url.toString() };
}

async function dropRole(owner: Client, name: string): Promise<void> {
  await owner.query(`DROP OWNED BY "${name}"`);
  await owner.query(`DROP ROLE "${name}"`);
}

/** The migration run as `npm run migrate` and the server do it: as the owner, granting to the service role. */
async function migrateFor(serviceUrl: string): Promise<void> {
  const service = await openDatabase({ kind: 'postgres', url: serviceUrl, poolSize: 1 });
  try {
    await migrateAndGrant(service, { kind: 'postgres', url: serviceUrl, poolSize: 1, ownerUrl: ownerUrl! });
  } finally {
    await service.close();
  }
}

describe('the service role', { skip }, () => {
  let owner: Client;
  let role: { name: string; url: string };
  let app: TestApp;
  let service: Client;

  before(async () => {
    owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    role = await createLoginRole(owner);
    await migrateFor(role.url);
    app = await startTestApp({ database: { kind: 'postgres', url: role.url, poolSize: 4 } });
    service = new Client({ connectionString: role.url });
    await service.connect();
  });

  after(async () => {
    try {
      await service?.end();
      await app?.close();
      await killChildren();
      if (role) await dropRole(owner, role.name);
    } finally {
      await owner?.end();
    }
  });

  /** The error PostgreSQL answers `sql` with, as the service role, inside a transaction rolled back after. */
  async function refusal(sql: string): Promise<{ code?: string; message: string }> {
    await service.query('BEGIN');
    try {
      await service.query(sql);
      assert.fail(`${sql} went through`);
    } catch (error) {
      return error as { code?: string; message: string };
    } finally {
      await service.query('ROLLBACK');
    }
  }

  it('when the app connects as the service role, then articles, claims, transitions, verdicts and history work', async () => {
    assert.equal(app.db.kind, 'postgres');
    const crew = await hireCrew(app);
    const article = await createArticle(crew.checker.api);
    const claim = await createClaim(crew.checker.api, article.id);
    const published = await driveTo(crew, claim.id, 'published');
    assert.equal(published.status, 'published');
    assert.deepEqual(
      (await history(app.api, claim.id)).map((event) => [event.version, event.toStatus]),
      [[1, 'unverified'], [2, 'in_progress'], [3, null], [4, 'in_review'], [5, 'published']],
    );
    const [connected] = (await app.db.dataSource.query('SELECT current_user AS name')) as Array<{ name: string }>;
    assert.equal(connected?.name, role.name);
  });

  it('when the service role tries to rewrite, truncate, unguard or drop the history, then PostgreSQL refuses it permission before any trigger runs', async () => {
    // One published claim's rows stand for the whole table: other test files write to it all the while.
    const crew = await hireCrew(app);
    const claim = await createClaim(crew.checker.api, (await createArticle(crew.checker.api)).id);
    await driveTo(crew, claim.id, 'published');
    const counts = async () =>
      (await owner.query('SELECT (SELECT count(*) FROM claim_events WHERE claim_id = $1) AS events, (SELECT count(*) FROM verdicts WHERE claim_id = $1) AS verdicts', [claim.id])).rows[0];
    const before = await counts();
    assert.deepEqual(before, { events: '5', verdicts: '1' });
    for (const sql of [
      `UPDATE claim_events SET note = 'rewritten'`,
      `DELETE FROM claim_events`,
      `UPDATE verdicts SET rationale = 'rewritten'`,
      `DELETE FROM verdicts`,
      `TRUNCATE claim_events`,
      `TRUNCATE verdicts`,
      `ALTER TABLE claim_events DISABLE TRIGGER ALL`,
      `ALTER TABLE verdicts DISABLE TRIGGER verdicts_append_only`,
      `DROP TABLE verdicts`,
      `DROP TABLE claim_events CASCADE`,
      `CREATE OR REPLACE FUNCTION refuse_change_to_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      `CREATE TRIGGER sneak BEFORE INSERT ON claim_events FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only()`,
      `CREATE TABLE public.sneak (id int)`,
    ]) {
      const error = await refusal(sql);
      assert.equal(error.code, '42501', `${sql}: ${error.message}`);
      assert.match(error.message, /^(permission denied|must be owner)/, sql);
    }
    assert.deepEqual(await counts(), before);
  });

  it('when the grants are read from the catalogue, then append-only tables are read and append only, the migrations list read only, every other table read and write, and nothing more', async () => {
    const { rows } = await owner.query<{ table: string; privileges: string[] }>(
      `SELECT c.relname AS table,
              array(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p
                     WHERE has_table_privilege($1, c.oid, p)) AS privileges
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
      [role.name],
    );
    assert.ok(rows.length >= 10, `tables: ${rows.map((row) => row.table).join(', ')}`);
    for (const { table, privileges } of rows) {
      const expected =
        table === 'schema_migrations' ? ['SELECT'] : (appendOnlyTables as readonly string[]).includes(table) ? ['SELECT', 'INSERT'] : ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
      assert.deepEqual(privileges, expected, table);
    }
    assert.deepEqual(await servicePrivilegeProblems(app.db.dataSource), []);
  });

  it('when a migration adds a table nobody listed, then the next run gives the service ordinary read and write on it', async () => {
    const table = `unlisted_${uniqueToken()}`;
    await owner.query(`CREATE TABLE "${table}" (id serial PRIMARY KEY, note text)`);
    try {
      await migrateFor(role.url);
      await service.query(`INSERT INTO "${table}" (note) VALUES ('a')`);
      await service.query(`UPDATE "${table}" SET note = 'b'`);
      await service.query(`DELETE FROM "${table}"`);
      assert.match((await refusal(`TRUNCATE "${table}"`)).message, /^permission denied/);
    } finally {
      await owner.query(`DROP TABLE "${table}"`);
    }
  });

  it('when several instances start at once on a role without grants, then their runs take turns and each leaves the exact grants', async () => {
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "${role.name}"`);
    assert.equal(await grantsInPlace(app.db.dataSource), false);
    const runs = await Promise.allSettled(Array.from({ length: 4 }, () => migrateFor(role.url)));
    assert.deepEqual(runs.filter((run) => run.status === 'rejected'), []);
    assert.equal(await grantsInPlace(app.db.dataSource), true);
  });

  it('when every table carrying the append-only trigger is looked up, then each is in the one list of append-only tables', async () => {
    const { rows } = await owner.query<{ table: string }>(
      `SELECT DISTINCT t.tgrelid::regclass::text AS table FROM pg_trigger t
         JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'refuse_change_to_append_only' ORDER BY 1`,
    );
    assert.ok(rows.length >= 2);
    for (const { table } of rows) assert.ok((appendOnlyTables as readonly string[]).includes(table), `${table} is guarded by the trigger but not listed`);
  });

  it('when the people CLI runs as the service role, then it finds the migrations applied and the person it creates can sign in', { timeout: 90_000 }, async () => {
    const name = `cli-${uniqueToken()}`;
    const run = await runScript('src/cli/cli.ts', { DATABASE_URL: role.url }, ['users:create', '--name', name, '--role', 'checker']);
    assert.equal(run.code, 0, run.stderr);
    const token = run.stdout.trim().split('\n').at(-1)!;
    const me = await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.name, name);
  });

  it('when the server starts with DATABASE_OWNER_URL, then it migrates as the owner and serves as the service role', { timeout: 90_000 }, async () => {
    const server = await startMain({ DATABASE_URL: role.url, DATABASE_OWNER_URL: ownerUrl!, NODE_ENV: 'production' });
    try {
      assert.equal((await fetch(`${server.baseUrl}/health`)).status, 200);
      assert.ok(!server.logs.some((line) => line.level >= 40), JSON.stringify(server.logs.filter((line) => line.level >= 40)));
    } finally {
      assert.equal(await stop(server), 0);
    }
  });

  it('when DATABASE_URL logs in as a member of the owner, then the server refuses to start and says why', { timeout: 90_000 }, async () => {
    const insider = await createLoginRole(owner);
    try {
      const ownerRole = (await owner.query<{ name: string }>('SELECT current_user AS name')).rows[0]!.name;
      await owner.query(`GRANT "${ownerRole}" TO "${insider.name}"`);
      const { code, stderr } = await runScript('src/main.ts', { DATABASE_URL: insider.url, DATABASE_OWNER_URL: ownerUrl! });
      assert.equal(code, 1, stderr);
      assert.match(stderr, /could change the history, so the server does not start/);
      assert.match(stderr, new RegExp(`${insider.name} owns .*claim_events`));
    } finally {
      await dropRole(owner, insider.name);
    }
  });

  it('when one role serves and owns the schema (no DATABASE_OWNER_URL), then the server starts as before and warns that only the triggers guard the history', { timeout: 90_000 }, async () => {
    const server = await startMain({ DATABASE_URL: ownerUrl! });
    try {
      const warning = await server.waitForLog('the service role could change or drop the history; only the triggers guard it (see DATABASE_OWNER_URL in the README)', 5_000);
      assert.equal(warning.level, 40);
      assert.ok((warning.problems as string[]).length > 0);
    } finally {
      assert.equal(await stop(server), 0);
    }
  });
});
