import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run deps:check`: what can be checked about the dependency tree with the registry this project
 * reaches (see docs/dependency-check.md for why `npm audit` and `npm audit signatures` cannot run):
 *
 * 1. every package@version in package-lock.json is in deps/reviewed.json (someone looked at it, on a date);
 * 2. every locked package has a sha512 integrity, and none comes from anywhere but the registry
 *    (no git, file, link or other-host sources), so `npm ci` verifies each tarball it installs;
 * 3. packages that run install scripts are exactly those reviewed as doing so;
 * 4. the installed tree is the locked one (`npm ls --all`: nothing missing, extraneous or of another version).
 *
 * `--record "<note>"` adds the unreviewed package@versions with today's date (after reviewing them!) and
 * drops entries no longer locked.
 */

export type Locked = { key: string; name: string; version: string; integrity?: string; resolved?: string; installScript: boolean };
export type Review = { reviewed: string; note: string; installScript?: true };
export type Reviewed = Record<string, Review>;

const registry = 'https://registry.npmjs.org/';

export function lockedPackages(lock: { packages?: Record<string, Record<string, unknown>> }): Locked[] {
  return Object.entries(lock.packages ?? {})
    .filter(([location]) => location !== '')
    .map(([location, entry]) => {
      const name = (entry.name as string | undefined) ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
      return {
        key: `${name}@${String(entry.version)}`,
        name,
        version: String(entry.version),
        integrity: entry.integrity as string | undefined,
        resolved: entry.resolved as string | undefined,
        installScript: entry.hasInstallScript === true,
        ...(entry.link ? { resolved: `link:${String(entry.resolved)}` } : {}),
      };
    });
}

/** Every problem found, one line each; empty when the tree passes. */
export function findProblems(locked: Locked[], reviewed: Reviewed): string[] {
  const problems: string[] = [];
  for (const pkg of locked) {
    const review = reviewed[pkg.key];
    if (!review) problems.push(`${pkg.key}: not reviewed (not in deps/reviewed.json)`);
    if (!pkg.integrity?.startsWith('sha512-')) problems.push(`${pkg.key}: no sha512 integrity in the lockfile`);
    if (pkg.resolved !== undefined && !pkg.resolved.startsWith(registry)) problems.push(`${pkg.key}: comes from ${pkg.resolved}, not the registry`);
    if (review && pkg.installScript && !review.installScript) problems.push(`${pkg.key}: runs an install script; its review does not say so`);
  }
  return problems;
}

function installedTreeProblems(root: string): string[] {
  try {
    execFileSync('npm', ['ls', '--all', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    const found = [...new Set(output.match(/"(missing|invalid|extraneous)[^"]*"/g) ?? [])].slice(0, 20);
    return [`installed tree differs from package-lock.json (npm ls --all): ${found.join(', ') || 'see npm ls --all'}`];
  }
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const reviewedPath = path.join(root, 'deps/reviewed.json');
  const locked = lockedPackages(JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')));
  const reviewed = JSON.parse(fs.readFileSync(reviewedPath, 'utf8')) as Reviewed;
  const recordAt = process.argv.indexOf('--record');
  if (recordAt >= 0) {
    const note = process.argv[recordAt + 1];
    if (!note) throw new Error('--record needs a note saying what was reviewed');
    const today = new Date().toISOString().slice(0, 10);
    const next: Reviewed = {};
    for (const pkg of [...locked].sort((a, b) => a.key.localeCompare(b.key))) {
      next[pkg.key] = reviewed[pkg.key] ?? { reviewed: today, note, ...(pkg.installScript ? { installScript: true as const } : {}) };
    }
    fs.writeFileSync(reviewedPath, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`deps: ${Object.keys(next).length} reviewed entries written`);
    return;
  }
  const problems = [...findProblems(locked, reviewed), ...installedTreeProblems(root)];
  const stale = Object.keys(reviewed).filter((key) => !locked.some((pkg) => pkg.key === key));
  if (stale.length > 0) console.log(`deps: ${stale.length} reviewed entries no longer locked (drop them with --record): ${stale.join(', ')}`);
  if (problems.length > 0) {
    console.error(`deps: ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`deps: ${locked.length} locked packages reviewed, sha512-pinned, from the registry; installed tree matches the lockfile`);
}

if (require.main === module) main();
