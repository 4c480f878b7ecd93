import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import supertest from 'supertest';
import { loadConfig, type Config } from '../../src/config/config';
import { openDatabase } from '../../src/database/database';
import { createLogger } from '../../src/http/logging';
import { startServer } from '../../src/server';
import { childEnv } from '../support/child-env';
import { nodeArgs } from '../support/server-process';
import { copyEmbeddedTemplate } from '../support/databases';
import { uniqueToken } from '../support/factories';
import { startTestApp } from '../support/test-app';

// The people CLI as an operator runs it: a child process on the database a server uses.
const repoRoot = path.resolve(__dirname, '../..');
const runTimeoutMs = 60_000;
const tokenFormat = /^ct_[A-Za-z0-9_-]{43}$/;
const anySecret = /ct_[A-Za-z0-9_-]{43}/;
const postgresUrl = process.env.DATABASE_URL;

const children = new Set<ChildProcess>();
const dataDirs: string[] = [];

/** A private, migrated, empty embedded database. */
function dataDir(): string {
  const dir = copyEmbeddedTemplate();
  dataDirs.push(dir);
  return dir;
}


type Run = { code: number | null; stdout: string; stderr: string; lastLine: string };

/** Runs `cli.ts <args>` to its end; `env` names the database (PGLITE_DATA_DIR or DATABASE_URL). */
function cli(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return cliWithInput(env, undefined, ...args);
}

/** The same, with `input` on its stdin (as `printf '%s' … | npm run cli -- … --password-stdin`). */
function cliWithInput(env: Record<string, string>, input: string | undefined, ...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [...nodeArgs('src/cli/cli.ts'), ...args], {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cli ${args.join(' ')} still running after ${runTimeoutMs} ms`)), runTimeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').at(-1) ?? '' });
    });
  });
}

const embedded = (dir: string) => ({ PGLITE_DATA_DIR: dir });

/** users:create, which must succeed; returns the printed token. */
async function createUserWithCli(env: Record<string, string>, name: string, role: string): Promise<string> {
  const run = await cli(env, 'users:create', '--name', name, '--role', role);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.lastLine, tokenFormat, run.stdout);
  return run.lastLine;
}

type ListedToken = { id: string; prefix: string; state: string; issuedVia: string; label: string | null };

/** The token lines users:list prints under the user with this name: id, prefix, state, how issued, label. */
function tokensListed(stdout: string, name: string): ListedToken[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.split('\t')[0] === name);
  assert.ok(start >= 0, `${name} is not listed:\n${stdout}`);
  const tokens: ListedToken[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {4}token (\S+) (\S+)… (active|must-replace|revoked) via (\S+)(?: "(.*)")?$/.exec(line);
    if (!match) break;
    tokens.push({ id: match[1]!, prefix: match[2]!, state: match[3]!, issuedVia: match[4]!, label: match[5] ?? null });
  }
  return tokens;
}

/** The service in this process on an embedded directory, holding it as a server does. */
async function serveEmbedded(dir: string) {
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    port: 0,
    database: { kind: 'embedded', dataDir: dir },
  };
  const db = await openDatabase(config.database);
  const running = await startServer(config, db, createLogger(config));
  const baseUrl = `http://127.0.0.1:${running.port}`;
  return {
    as: (secret: string) => supertest.agent(baseUrl).set('Authorization', `Bearer ${secret}`),
    /** The status of a sign-in form post: 303 signed in, 401 refused. */
    signIn: async (name: string, password: string) =>
      (
        await fetch(`${baseUrl}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ name, password }).toString(),
          redirect: 'manual',
        })
      ).status,
    stop: () => running.stop('test finished'),
  };
}

// On its own embedded directories, so the suite's PostgreSQL run (DATABASE_URL set) would repeat these word for
// word: they run in the embedded run, and the PostgreSQL run checks the CLI on the server's database.
const embeddedOnly = { skip: postgresUrl ? 'an embedded data directory of its own: checked in the embedded run' : false } as const;

describe('people CLI (src/cli/cli.ts)', () => {
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of dataDirs) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(`${dir}.lock`, { recursive: true, force: true });
    }
  });

  it('when users:create runs, then the token is alone on the last line and works on a server started afterwards', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const name = `Dewi Lestari ${uniqueToken()}`;
    const run = await cli(embedded(dir), 'users:create', '--name', name, '--role', 'editor');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.lastLine, tokenFormat, `last line: ${JSON.stringify(run.lastLine)}`);
    assert.match(run.stdout, new RegExp(`editor ${name}`), 'says who was created');
    assert.match(run.stdout, /recorded as issued via the CLI with operator rights/, 'says whose rights made the token');
    assert.ok(!run.stderr.includes(run.lastLine), 'the token goes to stdout only');

    const server = await serveEmbedded(dir);
    try {
      const me = await server.as(run.lastLine).get('/api/v1/me');
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.deepEqual({ name: me.body.name, role: me.body.role }, { name, role: 'editor' });
    } finally {
      await server.stop();
    }
  });

  it('when the role is unknown or the name missing, then exit 1 with a readable message, no token and no user', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const name = `Budi ${uniqueToken()}`;
    const badRole = await cli(embedded(dir), 'users:create', '--name', name, '--role', 'superuser');
    assert.equal(badRole.code, 1, badRole.stdout);
    assert.match(badRole.stderr, /^Invalid input:\n {2}- role must be one of the following values: checker, editor, admin/);
    assert.doesNotMatch(badRole.stdout + badRole.stderr, anySecret);

    const noName = await cli(embedded(dir), 'users:create', '--role', 'checker');
    assert.equal(noName.code, 1, noName.stdout);
    assert.match(noName.stderr, /^users:create needs --name\.\nUsage:/);
    assert.doesNotMatch(noName.stdout + noName.stderr, anySecret);

    const misspelt = await cli(embedded(dir), 'users:create', '--nmae', name, '--role', 'checker');
    assert.equal(misspelt.code, 1, misspelt.stdout);
    assert.match(misspelt.stderr, /Unknown option '--nmae'/);

    const list = await cli(embedded(dir), 'users:list');
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.stdout, '', 'nobody was created');
  });

  it('when the name is already taken in another case or Unicode form, then exit 1 saying so, and no token', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const name = `Siti Rahm\u00e9 ${uniqueToken()}`;
    await createUserWithCli(embedded(dir), name, 'checker');
    for (const variant of [name.toUpperCase(), name.normalize('NFD')]) {
      const again = await cli(embedded(dir), 'users:create', '--name', variant, '--role', 'admin');
      assert.equal(again.code, 1, again.stdout);
      assert.match(again.stderr, /already exists/);
      assert.doesNotMatch(again.stdout + again.stderr, anySecret);
    }
    const list = await cli(embedded(dir), 'users:list');
    assert.equal(list.stdout.split('\n').filter((line) => line.toLowerCase().startsWith(name.toLowerCase())).length, 1);
  });

  it('when tokens:create names a user, then a second working token is printed; for an unknown user, exit 1', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const name = `Agus ${uniqueToken()}`;
    const first = await createUserWithCli(embedded(dir), name, 'checker');
    const issued = await cli(embedded(dir), 'tokens:create', '--user', name.toLowerCase(), '--label', 'laptop');
    assert.equal(issued.code, 0, issued.stderr);
    assert.match(issued.lastLine, tokenFormat);
    assert.notEqual(issued.lastLine, first);

    const unknown = await cli(embedded(dir), 'tokens:create', '--user', `nobody ${uniqueToken()}`);
    assert.equal(unknown.code, 1, unknown.stdout);
    assert.match(unknown.stderr, /No user named "nobody /);
    assert.doesNotMatch(unknown.stdout, anySecret);

    const server = await serveEmbedded(dir);
    try {
      for (const secret of [first, issued.lastLine]) {
        const me = await server.as(secret).get('/api/v1/me');
        assert.equal(me.status, 200, JSON.stringify(me.body));
        assert.equal(me.body.name, name);
      }
    } finally {
      await server.stop();
    }
  });

  it('when tokens:revoke names a token, then that token gets 401 and the user’s other token still works', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const name = `Wati ${uniqueToken()}`;
    const kept = await createUserWithCli(embedded(dir), name, 'checker');
    const doomed = (await cli(embedded(dir), 'tokens:create', '--user', name)).lastLine;
    const listed = tokensListed((await cli(embedded(dir), 'users:list')).stdout, name);
    const target = listed.find((token) => doomed.startsWith(token.prefix));
    assert.ok(target, `the new token's prefix is listed: ${JSON.stringify(listed)}`);

    const revoke = await cli(embedded(dir), 'tokens:revoke', '--id', target.id);
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.match(revoke.stdout, new RegExp(`Token ${target.id} .* is revoked`));
    const again = await cli(embedded(dir), 'tokens:revoke', '--id', target.id);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`Token ${target.id} .* was already revoked on \\d{4}-\\d{2}-\\d{2}T.*; nothing changed\\.`));
    const unknown = await cli(embedded(dir), 'tokens:revoke', '--id', '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.code, 1, unknown.stdout);
    assert.match(unknown.stderr, /No token with id/);

    const server = await serveEmbedded(dir);
    try {
      const refused = await server.as(doomed).get('/api/v1/me');
      assert.equal(refused.status, 401);
      assert.equal(refused.body.type, '/problems/unauthenticated');
      assert.equal((await server.as(kept).get('/api/v1/me')).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('when users:list runs, then it shows each user with role, id and token prefixes and states, never a secret', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const [checker, admin] = [`Citra ${uniqueToken()}`, `Eko ${uniqueToken()}`];
    const secrets = [await createUserWithCli(embedded(dir), checker, 'checker'), await createUserWithCli(embedded(dir), admin, 'admin')];
    secrets.push((await cli(embedded(dir), 'tokens:create', '--user', admin)).lastLine);
    const before = tokensListed((await cli(embedded(dir), 'users:list')).stdout, admin);
    assert.equal((await cli(embedded(dir), 'tokens:revoke', '--id', before[0]!.id)).code, 0);

    const list = await cli(embedded(dir), 'users:list');
    assert.equal(list.code, 0, list.stderr);
    const userLines = list.stdout.split('\n').filter((line) => !line.startsWith('    '));
    assert.deepEqual(
      userLines.filter((line) => line !== '').map((line) => line.split('\t').slice(0, 2)),
      [[checker, 'checker'], [admin, 'admin']],
    );
    assert.deepEqual(tokensListed(list.stdout, checker).map(({ prefix, state, issuedVia }) => [prefix, state, issuedVia]), [
      [secrets[0]!.slice(0, 10), 'active', 'cli'],
    ]);
    assert.deepEqual(tokensListed(list.stdout, admin).map(({ prefix, state, issuedVia }) => [prefix, state, issuedVia]), [
      [secrets[1]!.slice(0, 10), 'revoked', 'cli'],
      [secrets[2]!.slice(0, 10), 'active', 'cli'],
    ]);
    for (const secret of secrets) assert.ok(!list.stdout.includes(secret.slice(10)), 'a secret is printed');
    assert.doesNotMatch(list.stdout + list.stderr, anySecret);
  });

  it('when --help stands anywhere on the line, then the usage is printed with exit 0 and no database is opened', { ...embeddedOnly, timeout: 60_000 }, async () => {
    const missing = path.join(repoRoot, 'data/test', `never-created-${uniqueToken()}`);
    for (const args of [['--help'], ['tokens:create', '--help'], ['users:create', '--name', 'X', '-h'], ['help']]) {
      const run = await cli(embedded(missing), ...args);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /^Usage: npm run --silent cli -- <command>/);
    }
    assert.ok(!fs.existsSync(missing), 'no database was opened or created');
    const unknown = await cli(embedded(missing), 'users:delete');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^Unknown command "users:delete"\.\nUsage:/);
  });

  it('when users:create is given a name with a control, bidi or zero-width character, then exit 1 naming the rule, and nobody is created', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    for (const name of [`Evil\u202Egnp.exe ${uniqueToken()}`, `Bell\u0007 ${uniqueToken()}`, `Zero\u200Bwidth ${uniqueToken()}`, `Esc\u001b[2J ${uniqueToken()}`]) {
      const run = await cli(embedded(dir), 'users:create', '--name', name, '--role', 'checker');
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, /^Invalid input:\n {2}- name must not contain control or invisible formatting characters/);
      assert.doesNotMatch(run.stdout + run.stderr, anySecret);
    }
    assert.equal((await cli(embedded(dir), 'users:list')).stdout, '', 'nobody was created');
  });

  it('when a stored name or label holds control characters (from before they were refused), then users:list prints them escaped', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const raw = `Evil\u202Egnp.exe\u001b[2J\u0085 ${uniqueToken()}`;
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      const [user] = (await db.dataSource.query(`INSERT INTO users (name, role) VALUES ($1, 'checker') RETURNING id`, [raw])) as Array<{ id: string }>;
      await db.dataSource.query(
        `INSERT INTO api_tokens (user_id, token_sha256, prefix, label, issued_via) VALUES ($1, repeat('a', 64), 'ct_legacy1', $2, 'legacy')`,
        [user!.id, 'bell\u0007\u2066'],
      );
    } finally {
      await db.close();
    }
    const list = await cli(embedded(dir), 'users:list');
    assert.equal(list.code, 0, list.stderr);
    const escaped = raw.replace('\u202E', '\\u202e').replace('\u001b', '\\u001b').replace('\u0085', '\\u0085');
    assert.ok(list.stdout.includes(`${escaped}\tchecker\t`), list.stdout);
    assert.deepEqual(tokensListed(list.stdout, escaped).map(({ state, issuedVia, label }) => [state, issuedVia, label]), [
      ['active', 'legacy', 'bell\\u0007\\u2066'],
    ]);
    assert.doesNotMatch(list.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u, 'a raw control character was printed');

    const missing = await cli(embedded(dir), 'tokens:create', '--user', 'nobody\u001b[2J');
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'No user named "nobody\\u001b[2J" (npm run cli -- users:list shows who there is).');
  });

  it('when a server holds the embedded data directory, then the CLI exits 1 saying it is in use, and writes nothing', { ...embeddedOnly, timeout: 120_000 }, async () => {
    const dir = dataDir();
    const admin = await createUserWithCli(embedded(dir), `Admin ${uniqueToken()}`, 'admin');
    const server = await serveEmbedded(dir);
    try {
      const name = `Refused ${uniqueToken()}`;
      const run = await cli(embedded(dir), 'users:create', '--name', name, '--role', 'checker');
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, /is in use by another process/);
      assert.doesNotMatch(run.stdout, anySecret);
      const users = await server.as(admin).get('/api/v1/users');
      assert.equal(users.status, 200);
      assert.ok(!users.body.items.some((user: { name: string }) => user.name === name), 'the refused command wrote nothing');
    } finally {
      await server.stop();
    }
  });

  it('when a password comes on stdin to users:create and users:set-password, then the person signs in with the latest one only and no output shows it', { ...embeddedOnly, timeout: 300_000 }, async () => {
    const dir = dataDir();
    const name = `Rina ${uniqueToken()}`;
    const first = 'first password on stdin';
    const created = await cliWithInput(embedded(dir), `${first}\n`, 'users:create', '--name', name, '--role', 'editor', '--password-stdin');
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.lastLine, tokenFormat, 'the token still ends the output');
    assert.match(created.stdout, /can sign in to the pages with that password/);

    const tooShort = await cliWithInput(embedded(dir), 'short', 'users:create', '--name', `Short ${uniqueToken()}`, '--role', 'checker', '--password-stdin');
    assert.equal(tooShort.code, 1);
    assert.match(tooShort.stderr, /password must have 10 to 200 characters/);
    const unknown = await cliWithInput(embedded(dir), 'some long password', 'users:set-password', '--user', `nobody ${uniqueToken()}`, '--password-stdin');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No user "nobody /);
    const withoutStdin = await cli(embedded(dir), 'users:set-password', '--user', name);
    assert.equal(withoutStdin.code, 1);
    assert.match(withoutStdin.stderr, /needs --password-stdin/);

    const id = /\(([0-9a-f-]{36})\)/.exec(created.stdout)![1]!;
    const second = 'second password, by id';
    const changed = await cliWithInput(embedded(dir), second, 'users:set-password', '--user', id, '--password-stdin');
    assert.equal(changed.code, 0, changed.stderr);
    for (const run of [created, tooShort, unknown, changed]) assert.ok(![first, second, 'short'].some((secret) => (run.stdout + run.stderr).includes(secret)));

    const server = await serveEmbedded(dir);
    try {
      assert.equal(await server.signIn(name, second), 303);
      assert.equal(await server.signIn(name, first), 401);
    } finally {
      await server.stop();
    }
  });

  it('when DATABASE_URL names the server’s PostgreSQL, then the CLI works while it runs and its tokens work at once', { ...embeddedOnly, timeout: 120_000, skip: !postgresUrl && 'needs DATABASE_URL' }, async () => {
    const app = await startTestApp();
    try {
      const env = { DATABASE_URL: postgresUrl! };
      const name = `Pg Admin ${uniqueToken()}`;
      const secret = await createUserWithCli(env, name, 'admin');
      const me = await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${secret}`);
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.deepEqual({ name: me.body.name, role: me.body.role }, { name, role: 'admin' });

      const tokens = await app.anonymous.get(`/api/v1/users/${me.body.id}/tokens`).set('Authorization', `Bearer ${secret}`);
      assert.equal(tokens.status, 200);
      const revoke = await cli(env, 'tokens:revoke', '--id', tokens.body.items[0].id);
      assert.equal(revoke.code, 0, revoke.stderr);
      assert.equal((await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${secret}`)).status, 401);
    } finally {
      await app.close();
    }
  });
});
