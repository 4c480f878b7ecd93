import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A fresh embedded database starts as a copy of a template: an initialised, migrated PGlite data
 * directory made once, at install (`npm ci` runs `prepare`, which runs template.cli.ts). PGlite's initdb
 * takes about ten seconds and leaves its process at ~800 MB (WASM memory never shrinks), so it always
 * runs in a child process; without a template, a first start runs it there, into the data directory.
 */
const pgliteEntry = require.resolve('@electric-sql/pglite');

/** The folder of this package's package.json, from src/ (tsx) or dist/src/ (built) alike. */
function packageRoot(): string {
  let directory = __dirname;
  while (!fs.existsSync(path.join(directory, 'package.json'))) directory = path.dirname(directory);
  return directory;
}

/** Keyed by PGlite's version: another build of PostgreSQL cannot open this one's files. */
export function templateDir(): string {
  const manifest = path.join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  return path.join(packageRoot(), 'data', '.pglite-template', version);
}

export const isInitialised = (dataDir: string): boolean => fs.existsSync(path.join(dataDir, 'PG_VERSION'));

/** Runs PGlite's initdb into `dataDir` in a child process, so that its memory goes with the child. */
export function initdbInChild(dataDir: string): void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const script = `require(${JSON.stringify(pgliteEntry)}).PGlite.create(process.argv[1]).then((db) => db.close())`;
  execFileSync(process.execPath, ['-e', script, dataDir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Gives an empty data directory its first contents (a copy of the template, else a new initdb); true if it did. */
export function initialiseDataDir(dataDir: string): boolean {
  if (isInitialised(dataDir)) return false;
  const template = templateDir();
  if (isInitialised(template)) fs.cpSync(template, dataDir, { recursive: true });
  else initdbInChild(dataDir);
  return true;
}
