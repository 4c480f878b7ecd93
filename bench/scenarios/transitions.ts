// A verdict transition through the app (If-Match, row lock, UPDATE, history event) against a raw pg
// transaction doing the same work, with the same number of connections and the same concurrency.
import { Client, Pool } from 'pg';
import type { App } from '../support/app';
import { httpClient } from '../support/http-client';
import type { LoadResult } from '../support/load';
import { runLoop } from '../support/loop';

const claimsPerWorker = 20;

type Owned = { id: string; version: number; status: string };

/** Unverified claims no other scenario touches, dealt out to workers: no two workers share a claim. */
async function claimsForWorkers(db: Client, workers: number, skip: number): Promise<Owned[][]> {
  const { rows } = await db.query<Owned>(
    `SELECT id, version, status FROM claims WHERE status = 'unverified' ORDER BY seq OFFSET $1 LIMIT $2`,
    [skip, workers * claimsPerWorker],
  );
  return Array.from({ length: workers }, (_, worker) => rows.slice(worker * claimsPerWorker, (worker + 1) * claimsPerWorker));
}

/** Sets a claim aside and reopens it, over and over: each move needs the ETag the previous one answered. */
export async function driveAppTransitions(app: App, db: Client, token: string, options: { seconds: number; concurrency: number }): Promise<LoadResult> {
  const owned = await claimsForWorkers(db, options.concurrency, 0);
  const cursor = owned.map(() => 0);
  const client = httpClient(app.base, options.concurrency);
  const headers = { authorization: `Bearer ${token}` };
  const move = async (worker: number) => {
    const claims = owned[worker]!;
    const claim = claims[(cursor[worker] = cursor[worker]! + 1) % claims.length]!;
    const to = claim.status === 'unverified' ? 'not_checkable' : 'unverified';
    const reply = await client.request('POST', `/api/v1/claims/${claim.id}/transitions`, { ...headers, 'if-match': `"v${claim.version}"` }, JSON.stringify({ to, note: 'Benchmark: set aside and reopened.' }));
    if (reply.status !== 200) return false;
    claim.version = Number(/^"v(\d+)"$/.exec(String(reply.headers.etag))![1]);
    claim.status = to;
    return true;
  };
  try {
    await runLoop(move, { ...options, seconds: Math.min(2, options.seconds) });
    return await runLoop(move, options);
  } finally {
    client.close();
  }
}

/** The floor: the same row lock, version check, UPDATE and history INSERT, straight from a pg Pool. */
export async function driveRawTransitions(url: string, db: Client, actorId: string, poolSize: number, options: { seconds: number; concurrency: number }): Promise<LoadResult> {
  const owned = await claimsForWorkers(db, options.concurrency, options.concurrency * claimsPerWorker);
  const cursor = owned.map(() => 0);
  const pool = new Pool({ connectionString: url, max: poolSize });
  const move = async (worker: number) => {
    const claims = owned[worker]!;
    const claim = claims[(cursor[worker] = cursor[worker]! + 1) % claims.length]!;
    const to = claim.status === 'unverified' ? 'not_checkable' : 'unverified';
    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      const locked = (await connection.query<{ version: number; status: string }>('SELECT version, status FROM claims WHERE id = $1 FOR UPDATE', [claim.id])).rows[0];
      if (!locked || locked.version !== claim.version) {
        await connection.query('ROLLBACK');
        return false;
      }
      await connection.query('UPDATE claims SET status = $2, assignee_id = NULL, version = version + 1, updated_at = now() WHERE id = $1', [claim.id, to]);
      await connection.query(
        `INSERT INTO claim_events (claim_id, actor_id, action, version, from_status, to_status, note) VALUES ($1, $2, 'status.changed', $3, $4, $5, $6)`,
        [claim.id, actorId, claim.version + 1, claim.status, to, 'Benchmark: set aside and reopened.'],
      );
      await connection.query('COMMIT');
      claim.version += 1;
      claim.status = to;
      return true;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  };
  try {
    await runLoop(move, { ...options, seconds: Math.min(2, options.seconds) });
    return await runLoop(move, options);
  } finally {
    await pool.end();
  }
}
