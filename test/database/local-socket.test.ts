import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/database/database';
import { localSocketPath } from '../../src/database/embedded-socket';
import { copyEmbeddedTemplate, removeEmbeddedCopy } from '../support/databases';

// The embedded database of a running server, shared with psql and the CLI over a Unix socket: always
// PGlite, whatever DATABASE_URL says.
const turnTimeoutMs = 500;

describe('local clients of the embedded database (Unix socket in the data directory)', () => {
  const database = { kind: 'embedded' as const, dataDir: copyEmbeddedTemplate() };
  let db: Database;
  const clients: Client[] = [];

  const connect = async (): Promise<Client> => {
    const client = new Client({ host: database.dataDir, user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined); // a client the server cut off
    await client.connect();
    clients.push(client);
    return client;
  };
  const rows = async (): Promise<string[]> =>
    ((await db.dataSource.query('SELECT who FROM socket_probe ORDER BY who')) as Array<{ who: string }>).map((row) => row.who);

  before(async () => {
    db = await openDatabase(database);
    await db.serveLocalClients!(turnTimeoutMs);
    await db.dataSource.query('CREATE TABLE socket_probe (who text NOT NULL)');
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await db.close();
    removeEmbeddedCopy(database);
  });

  it('when the server serves local clients, then the socket is readable and writable by its owner alone', () => {
    const mode = fs.statSync(localSocketPath(database.dataDir)).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  it('when a local client holds a transaction, then the server waits for it and none of its statements land inside it', async () => {
    await db.dataSource.query('DELETE FROM socket_probe');
    const psql = await connect();
    await psql.query('BEGIN');
    await psql.query(`INSERT INTO socket_probe VALUES ('psql')`);
    let serverDone = false;
    const serverWrite = db.dataSource.query(`INSERT INTO socket_probe VALUES ('server')`).then(() => (serverDone = true));
    await sleep(150);
    assert.equal(serverDone, false, 'the server waited for the open transaction');
    await psql.query('ROLLBACK');
    await serverWrite;
    assert.deepEqual(await rows(), ['server'], 'the rollback took only the client’s own row');
  });

  it('when the server is inside a transaction, then a local client waits for it to end', async () => {
    await db.dataSource.query('DELETE FROM socket_probe');
    const psql = await connect();
    let clientDone = false;
    await db.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO socket_probe VALUES ('server')`);
      const clientWrite = psql.query(`INSERT INTO socket_probe VALUES ('psql')`).then(() => (clientDone = true));
      await sleep(150);
      assert.equal(clientDone, false, 'the client waited');
      void clientWrite;
      throw Object.assign(new Error('roll back'), { expected: true });
    }).catch((error: { expected?: boolean }) => assert.ok(error.expected));
    await sleep(50);
    assert.equal(clientDone, true);
    assert.deepEqual(await rows(), ['psql'], 'the client’s write is outside the server’s rolled-back transaction');
  });

  it('when a local client disconnects inside a transaction, then its work is rolled back and the server goes on', async () => {
    await db.dataSource.query('DELETE FROM socket_probe');
    const psql = await connect();
    await psql.query('BEGIN');
    await psql.query(`INSERT INTO socket_probe VALUES ('psql')`);
    await psql.end();
    await db.dataSource.query(`INSERT INTO socket_probe VALUES ('server')`);
    assert.deepEqual(await rows(), ['server']);
  });

  it('when a local client is silent inside a transaction past the turn timeout, then it is cut off and rolled back', async () => {
    await db.dataSource.query('DELETE FROM socket_probe');
    const psql = await connect();
    await psql.query('BEGIN');
    await psql.query(`INSERT INTO socket_probe VALUES ('psql')`);
    const started = Date.now();
    await db.dataSource.query(`INSERT INTO socket_probe VALUES ('server')`);
    assert.ok(Date.now() - started < 10 * turnTimeoutMs, 'the server waited about the turn timeout, not forever');
    assert.deepEqual(await rows(), ['server']);
    await assert.rejects(psql.query('SELECT 1'), 'the silent client was disconnected');
  });

  it('when a local client changes a session setting, then the server never runs with it', async () => {
    const psql = await connect();
    await psql.query(`SET statement_timeout = '1ms'`);
    const [setting] = (await db.dataSource.query('SHOW statement_timeout')) as Array<{ statement_timeout: string }>;
    assert.equal(setting?.statement_timeout, '0');
  });
});
