import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// What it would cost to make the embedded database survive power loss. PGlite starts PostgreSQL with
// -F (fsync off), and its Node filesystem has no fsync: even with fsync on, nothing reaches the disk.
// The variant below (not used by the app) adds that fsync to the Emscripten NODEFS and drops -F.
// Run: npx tsx bench/pglite-fsync.bench.ts   (BENCH_COMMITS, BENCH_ROUNDS change the size)

const commits = Number(process.env.BENCH_COMMITS ?? 500);
const root = path.resolve(__dirname, '../data/bench-fsync');

// PGlite 0.5's own start parameters, without -F.
const startParamsWithFsync = [
  '--single', '-O', '-j', '-c', 'search_path=public', '-c', 'exit_on_error=false', '-c', 'log_checkpoints=false',
  '-c', 'max_worker_processes=0', '-c', 'max_parallel_workers=0', '-c', 'max_parallel_workers_per_gather=0',
  '-c', 'io_method=sync', '-c', 'max_parallel_maintenance_workers=0', '-c', 'wal_sync_method=fsync',
];

type EmscriptenStream = { nfd: number };
type EmscriptenModule = { NODEFS: { stream_ops: { fsync?: (stream: EmscriptenStream) => number } } };

/** NodeFS whose files honour fsync(): PostgreSQL's WAL flush at commit then reaches the disk. */
class SyncingNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const result = await super.init(...args);
    const preRun = (result.emscriptenOpts.preRun ?? []) as Array<(module: EmscriptenModule) => void>;
    preRun.push((module) => {
      module.NODEFS.stream_ops.fsync = (stream) => {
        fs.fsyncSync(stream.nfd);
        return 0;
      };
    });
    result.emscriptenOpts.preRun = preRun;
    return result;
  }
}

async function commitsPerSecond(name: string, options: (dataDir: string) => PGliteOptions): Promise<number> {
  const dataDir = path.join(root, name);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const pg = await PGlite.create(options(dataDir));
  const fsync = (await pg.query<{ fsync: string }>('SHOW fsync')).rows[0]!.fsync;
  await pg.exec('CREATE TABLE t (id serial PRIMARY KEY, v text NOT NULL)');
  const started = performance.now();
  for (let index = 0; index < commits; index++) await pg.query('INSERT INTO t (v) VALUES ($1)', [`row ${index}`]);
  const perSecond = commits / ((performance.now() - started) / 1000);
  await pg.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`${name}: fsync=${fsync}, ${commits} one-row commits, ${perSecond.toFixed(0)} commits/s`);
  return perSecond;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const baseline: number[] = [];
  const synced: number[] = [];
  // Alternating, so that a busy neighbour or a warming JIT weighs on both alike.
  for (let round = 0; round < rounds; round++) {
    baseline.push(await commitsPerSecond('pglite-default', (dataDir) => ({ dataDir })));
    synced.push(await commitsPerSecond('pglite-fsync', (dataDir) => ({ fs: new SyncingNodeFS(dataDir), startParams: startParamsWithFsync })));
  }
  const [base, sync] = [median(baseline), median(synced)];
  console.log(`medians: default ${base.toFixed(0)}/s, fsync at commit ${sync.toFixed(0)}/s; ratio ${(sync / base).toFixed(2)} (×${(base / sync).toFixed(1)} slower)`);
}

void main();
