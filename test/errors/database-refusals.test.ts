import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import supertest from 'supertest';
import { openDatabase, type Database } from '../../src/database/database';
import { problemHandler } from '../../src/errors/error-handler';
import { createLogger } from '../../src/http/logging';
import { removeEmbeddedCopy, testDatabaseConfig } from '../support/databases';
import { assertProblem } from '../support/factories';
import { captureLog, errorLevel } from '../support/log-capture';

/**
 * The safety net behind the validators: the app's routes refuse these inputs before any SQL runs, so
 * here a bare Express app sends real statements to the real database and hands what it throws to the
 * app's one error handler.
 */
const statements: Record<string, [string, unknown[]]> = {
  'tsquery-stack': [`SELECT websearch_to_tsquery('simple', $1)`, ['-'.repeat(33)]],
  'length-limit': [`SELECT length(repeat('x', $1::int))`, [1_073_741_824]],
  'integer-range': [`SELECT $1::int`, ['99999999999']],
  'no-such-table': [`SELECT secret_column FROM no_such_table`, []],
};

describe('database errors in the error handler', () => {
  const database = testDatabaseConfig();
  const log = captureLog();
  let db: Database;
  let server: Server;
  let api: supertest.Agent;

  before(async () => {
    db = await openDatabase(database);
    const app = express();
    app.get('/:statement', async (req, res) => {
      const [sql, parameters] = statements[req.params.statement]!;
      res.json(await db.dataSource.query(sql, parameters));
    });
    app.use(problemHandler(createLogger({ logLevel: 'info' }, log.stream)));
    server = app.listen(0);
    api = supertest.agent(server);
  });
  after(async () => {
    server.close();
    await db.close();
    removeEmbeddedCopy(database);
  });

  it('when PostgreSQL hits a limit (tsquery stack, class 54) or refuses a value (class 22), then 422 and a warning without SQL, never an error line', async () => {
    for (const name of ['tsquery-stack', 'length-limit', 'integer-range']) {
      const before = log.lines().length;
      const response = await api.get(`/${name}`);
      assertProblem(response, 422, 'validation-failed');
      assert.ok(!/select|repeat|websearch/i.test(response.text), `no SQL in the answer: ${response.text}`);
      const lines = log.lines().slice(before);
      assert.deepEqual(lines.filter((line) => line.level >= errorLevel), [], name);
      assert.equal(lines.filter((line) => line.msg === 'database refused a value').length, 1, name);
      assert.ok(!/select|repeat|websearch|\$1/i.test(JSON.stringify(lines)), `no SQL in the log: ${JSON.stringify(lines)}`);
    }
  });

  it('when a statement fails for a reason of our own (no such table), then 500 without internals and an error line', async () => {
    const response = await api.get('/no-such-table');
    assertProblem(response, 500, 'internal-error');
    assert.ok(!/secret_column|no_such_table/.test(response.text));
    assert.equal(log.lines().filter((line) => line.level >= errorLevel && line.msg === 'request failed').length, 1);
  });
});
