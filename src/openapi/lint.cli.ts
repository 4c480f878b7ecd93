import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../config/config';
import { siteResolver } from '../public-cache/public-site';
import { openApiRouter } from './openapi.routes';

/**
 * `npm run lint:openapi`: fetches /openapi.json from the app's own route (no database needed), as the configured
 * site would serve it, and runs `redocly lint` on it with ./redocly.yaml. Exits with redocly's status.
 * Offline: telemetry and the update check are switched off.
 */
async function servedDocument(): Promise<string> {
  const app = express();
  app.use('/openapi.json', openApiRouter(siteResolver(loadConfig(process.env))));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`);
    if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
    return await response.text();
  } finally {
    server.close();
  }
}

async function main(): Promise<number> {
  const directory = mkdtempSync(path.join(tmpdir(), 'claim-tracker-openapi-'));
  try {
    const file = path.join(directory, 'openapi.json');
    writeFileSync(file, await servedDocument());
    const redocly = require.resolve('@redocly/cli/bin/cli.js');
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync(process.execPath, [redocly, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'stylish'], {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return result.status ?? 1;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
