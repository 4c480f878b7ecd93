import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findProblems, lockedPackages } from '../../deps/check';

const sri = 'sha512-' + 'A'.repeat(86) + '==';
const lock = (packages: Record<string, Record<string, unknown>>) => ({ packages: { '': { name: 'claim-tracker' }, ...packages } });

describe('deps:check', () => {
  it('when every locked package is reviewed, sha512-pinned and from the registry, then no problem', () => {
    const locked = lockedPackages(
      lock({
        'node_modules/pino': { version: '10.4.0', integrity: sri, resolved: 'https://registry.npmjs.org/pino/-/pino-10.4.0.tgz' },
        'node_modules/esbuild': { version: '0.28.2', integrity: sri, hasInstallScript: true },
        'node_modules/a/node_modules/@scope/b': { version: '1.0.0', integrity: sri },
      }),
    );
    assert.deepEqual(locked.map((pkg) => pkg.key), ['pino@10.4.0', 'esbuild@0.28.2', '@scope/b@1.0.0']);
    const reviewed = {
      'pino@10.4.0': { reviewed: '2026-12-03', note: 'x' },
      'esbuild@0.28.2': { reviewed: '2026-12-03', note: 'x', installScript: true as const },
      '@scope/b@1.0.0': { reviewed: '2026-12-03', note: 'x' },
    };
    assert.deepEqual(findProblems(locked, reviewed), []);
  });

  it('when a version is new, a source is not the registry, integrity is missing or an install script is unreviewed, then each is named', () => {
    const locked = lockedPackages(
      lock({
        'node_modules/pino': { version: '10.4.1', integrity: sri },
        'node_modules/evil': { version: '1.0.0', integrity: sri, resolved: 'git+ssh://git@example.test/evil.git#abc' },
        'node_modules/weak': { version: '1.0.0', integrity: 'sha1-abc' },
        'node_modules/scripted': { version: '2.0.0', integrity: sri, hasInstallScript: true },
      }),
    );
    const reviewed = {
      'pino@10.4.0': { reviewed: '2026-12-03', note: 'x' },
      'evil@1.0.0': { reviewed: '2026-12-03', note: 'x' },
      'weak@1.0.0': { reviewed: '2026-12-03', note: 'x' },
      'scripted@2.0.0': { reviewed: '2026-12-03', note: 'x' },
    };
    assert.deepEqual(findProblems(locked, reviewed), [
      'pino@10.4.1: not reviewed (not in deps/reviewed.json)',
      'evil@1.0.0: comes from git+ssh://git@example.test/evil.git#abc, not the registry',
      'weak@1.0.0: no sha512 integrity in the lockfile',
      'scripted@2.0.0: runs an install script; its review does not say so',
    ]);
  });
});
