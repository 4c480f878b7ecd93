// npm run bench:desk [-- --database claim_tracker_scale]: the desk page (GET /desk, HTML for a signed-in editor)
// against GET /api/v1/desk with the same filters, on a scale database made by `npm run bench:data`, one client,
// in interleaved rounds so that a busy neighbour slows both alike. Target: the page's p99 ≤ 1.5 × the API's.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../src/web/passwords';
import { startApp } from './support/app';
import { createBenchUser } from './support/bench-user';
import { httpClient } from './support/http-client';
import { runInterleaved } from './support/loop';

const { values } = parseArgs({ options: { database: { type: 'string', default: 'claim_tracker_scale' }, seconds: { type: 'string', default: '30' } } });
const adminUrl = new URL(process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const url = Object.assign(new URL(adminUrl), { pathname: `/${values.database}` }).toString();

async function main(): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const { count } = (await db.query<{ count: string }>('SELECT count(*) FROM claims')).rows[0]!;
  const password = `bench desk ${randomBytes(6).toString('hex')}`;
  const user = await createBenchUser(db, { role: 'editor', label: 'desk', passwordHash: await hashPassword(password) });
  const { name } = user;
  // The desk as it opens, and filtered to one busy claimant across every section.
  const { claimant } = (await db.query<{ claimant: string }>('SELECT claimant FROM claims WHERE seq = (SELECT max(seq) / 2 FROM claims)')).rows[0]!;
  const busyClaimant = new URLSearchParams({ claimant: claimant.split(' ')[0]!, staleDays: '7' }).toString();
  const app = await startApp({ DATABASE_URL: url, API_RATE_LIMIT: '10000000', PUBLIC_RATE_LIMIT: '10000000' });
  const client = httpClient(app.base, 1);
  try {
    const signIn = await fetch(`${app.base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.base },
      body: new URLSearchParams({ name, password }).toString(),
      redirect: 'manual',
    });
    const cookie = /^((?:__Host-)?ct_session=[^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    if (signIn.status !== 303 || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);
    console.log(`| scenario | req/s | p50 ms | p99 ms | errors | page p99 / API p99 (target ≤ 1.5) |`);
    console.log(`| --- | --- | --- | --- | --- | --- |`);
    const claims = Number(count).toLocaleString('en');
    for (const filters of [new URLSearchParams().toString(), busyClaimant]) {
      const api = async () => (await client.request('GET', `/api/v1/desk?${filters}`, { authorization: `Bearer ${user.secret}` })).status === 200;
      const page = async () => {
        const reply = await client.request('GET', `/desk?${filters}`, { cookie, accept: 'text/html' });
        return reply.status === 200 && reply.body.includes('</html>');
      };
      const [json, html] = await runInterleaved([api, page], { seconds: Number(values.seconds), concurrency: 1 });
      const ratio = html!.p99 / json!.p99;
      const row = (label: string, result: typeof json, last: string) =>
        console.log(`| ${label} | ${result!.requestsPerSecond.toFixed(1)} | ${result!.p50.toFixed(2)} | ${result!.p99.toFixed(2)} | ${result!.errors + result!.non2xx} | ${last} |`);
      row(`GET /api/v1/desk?${filters}, ${claims} claims`, json, '');
      row(`GET /desk?${filters} (HTML)`, html, `${ratio.toFixed(2)} ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
    }
  } finally {
    client.close();
    await app.stop();
    await user.remove();
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
