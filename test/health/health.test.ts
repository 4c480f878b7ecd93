import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** A TCP relay to PostgreSQL that can be cut and restored, to make the database unreachable for real. */
async function startRelay(target: URL): Promise<{ port: number; cut: () => Promise<void>; restore: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: () => listen(port),
  };
}

describe('health', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('when the database answers, then GET /health is 200 naming the database in use', async () => {
    const response = await app.api.get('/health');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok', database: onPostgres ? 'postgres' : 'embedded' });
  });

  it('when the database connection is closed, then health and the API answer 503 database-unavailable; reopened, then 200 again', async () => {
    const broken = await startTestApp();
    try {
      await broken.db.dataSource.destroy();
      const down = await broken.api.get('/health');
      assertProblem(down, 503, 'database-unavailable');
      assert.match(down.body.detail, new RegExp(`The ${broken.db.kind} database did not answer`));
      assertProblem(await broken.api.get('/api/v1/articles'), 503, 'database-unavailable');

      await broken.db.dataSource.initialize();
      const up = await broken.api.get('/health');
      assert.equal(up.status, 200);
    } finally {
      // close() destroys the data source, which must be initialised for that; the embedded copy is removed too.
      if (!broken.db.dataSource.isInitialized) await broken.db.dataSource.initialize();
      await broken.close();
    }
  });

  it(
    'when PostgreSQL becomes unreachable, then health and the API answer 503; back, then 200',
    { skip: onPostgres ? false : 'needs DATABASE_URL: the embedded database cannot be unreachable over a network' },
    async () => {
      const relay = await startRelay(new URL(process.env.DATABASE_URL!));
      const target = new URL(process.env.DATABASE_URL!);
      target.hostname = '127.0.0.1';
      target.port = String(relay.port);
      const relayed = await startTestApp({ database: { kind: 'postgres', url: target.toString(), poolSize: 2 } });
      try {
        assert.equal((await relayed.api.get('/health')).status, 200);
        assert.equal((await relayed.api.get('/api/v1/articles?limit=1')).status, 200);

        await relay.cut();
        assertProblem(await relayed.api.get('/health'), 503, 'database-unavailable');
        assertProblem(await relayed.api.get('/api/v1/articles?limit=1'), 503, 'database-unavailable');
        const write = await relayed.api.post('/api/v1/articles').send({ title: 'T', language: 'en', body: 'B' });
        assertProblem(write, 503, 'database-unavailable');

        await relay.restore();
        assert.equal((await relayed.api.get('/health')).status, 200);
        assert.equal((await relayed.api.get('/api/v1/articles?limit=1')).status, 200);
      } finally {
        await relayed.close();
        await relay.cut();
      }
    },
  );
});
