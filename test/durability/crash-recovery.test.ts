import assert from 'node:assert/strict';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config/config';
import { removeEmbeddedCopy } from '../support/databases';
import { uniqueToken } from '../support/factories';
import { killChildren, startMain, stop, type ServerProcess } from '../support/server-process';
import { editorToken, loadThenSignal, scenarioDatabase, serverEnv, startAgain, type SignalledLoad } from './load-and-signal';
import { verifyRun, type Verification } from './verify';
import type { Ack } from './write-load';

// The server in a child process on the suite's database, stopped mid-load by a signal and restarted.
// `npm run test:durability` runs the same with many more writes.
const signalAfter = Number(process.env.DURABILITY_WRITES ?? 30);
const workers = Number(process.env.DURABILITY_WORKERS ?? 8);

describe('crash recovery: the server stopped mid-load and restarted on the same database', { timeout: 600_000 }, () => {
  let database: Config['database'];
  let env: Record<string, string>;
  let token: string;
  let runToken: string;
  let server: ServerProcess;
  const acks: Ack[] = [];
  const figures: string[] = [];

  before(async () => {
    database = scenarioDatabase();
    env = serverEnv(database);
    runToken = uniqueToken();
    token = await editorToken(database, `durability-${runToken}`);
    server = await startMain(env);
  });
  after(async () => {
    await killChildren();
    removeEmbeddedCopy(database);
    if (database.kind === 'embedded') for (const lock of ['.lock', '.lock-owner']) fs.rmSync(`${database.dataDir}${lock}`, { recursive: true, force: true });
    for (const line of figures) console.log(line);
  });

  /** Loads the running server until `signal`, restarts it and reads back everything written so far. */
  async function signalAndRestart(signal: NodeJS.Signals) {
    const signalled = server;
    const load = await loadThenSignal(signalled, { token, runToken, signal, signalAfter, workers });
    acks.push(...load.acks);
    const restarted = await startAgain(env);
    const restartMs = Math.round(performance.now() - load.signalledAt);
    server = restarted.server;
    const check = await verifyRun(server.baseUrl, token, acks);
    figures.push(describeRun(database.kind, signal, load, check, { ...restarted, restartMs }));
    return { load, check, refusedStarts: restarted.refusedStarts, servedAfterStopping: servedAfterStopping(signalled) };
  }

  it('when SIGTERM arrives mid-load, then it exits 0 and after a restart every write that got a 2xx is there', async () => {
    const { load, check, refusedStarts, servedAfterStopping } = await signalAndRestart('SIGTERM');
    assert.deepEqual(load.refused, [], 'every write was valid');
    assert.deepEqual(load.exit, { code: 0, signal: null });
    // Each client's connection carries at most the one request it had in flight, then is closed.
    assert.ok(servedAfterStopping !== undefined && servedAfterStopping <= workers, `served ${servedAfterStopping} requests while stopping`);
    assert.ok(load.acks.length >= signalAfter);
    assert.deepEqual(check.lost, [], 'acknowledged writes lost');
    assert.deepEqual(check.disagreeing, [], 'claims whose version disagrees with their history');
    assert.equal(refusedStarts, 0, 'a clean stop leaves no lock behind');
  });

  it('when SIGKILL arrives mid-load, then after a restart every write that got a 2xx is there and each claim has one event per version', async () => {
    const { load, check, refusedStarts } = await signalAndRestart('SIGKILL');
    assert.deepEqual(load.refused, [], 'every write was valid');
    assert.deepEqual(load.exit, { code: null, signal: 'SIGKILL' });
    assert.ok(load.unanswered + load.cutOff > 0, 'requests were in flight when it was killed');
    assert.deepEqual(check.lost, [], 'acknowledged writes lost');
    assert.deepEqual(check.disagreeing, [], 'claims whose version disagrees with their history');
    assert.ok(check.claims >= acks.filter((ack) => ack.kind === 'claim').length);
    assert.equal(refusedStarts, 0, 'the killed server\'s lock does not hold the restart back');
    assert.equal(await stop(server), 0, 'the recovered server stops cleanly');
  });
});

/** Requests the server answered after it logged that it was stopping (undefined if it never did). */
function servedAfterStopping(server: ServerProcess): number | undefined {
  const stopping = server.logs.find((line) => line.msg === 'stopping: no new connections, finishing requests in flight');
  if (!stopping) return undefined;
  return server.logs.filter((line) => line.msg === 'request completed' && Number(line.time) > Number(stopping.time)).length;
}

function describeRun(
  kind: string,
  signal: NodeJS.Signals,
  load: SignalledLoad,
  check: Verification,
  restart: { refusedStarts: number; restartMs: number; server: ServerProcess },
): string {
  return (
    `durability on ${kind}: ${signal} at the ${signalAfter}th 2xx (${workers} clients): ${load.acks.length} acknowledged, ` +
    `${check.lost.length} of all acknowledged so far lost, ${load.unanswered} unanswered, ${load.cutOff} cut off; ` +
    `committed without an answer: ${check.unacknowledged.claims} claims, ${check.unacknowledged.events} events; ` +
    `restarted after ${restart.refusedStarts} refused starts, listening ${restart.restartMs} ms after the signal ` +
    `(its start-up ${restart.server.startupMs} ms); ${check.claims} claims, ${check.events} events, ${check.disagreeing.length} disagreeing`
  );
}
