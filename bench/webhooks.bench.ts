import { loadConfig } from '../src/config/config';
import { createArticle, createClaim } from '../test/support/factories';
import { startTestApp } from '../test/support/test-app';
import { startReceiver, waitFor } from '../test/support/webhook-receiver';

/**
 * Webhook delivery latency: from a change's commit to the receiver. `EVENTS` claims (200) are created,
 * one at a time and then by `WORKERS` (8) clients at once; each claim.created is timed from the
 * moment its 201 reached the client (the commit happened before) to the receiver's arrival, and from
 * the payload's timestamp (taken inside the transaction, before the commit) as a second view: the true
 * commit → receiver latency lies between the two (the first is negative when the receiver was faster). The worker runs with the
 * default poll (5 s): what is measured is the NOTIFY wake-up. Needs `npx tsx test/support/prepare.ts`;
 * DATABASE_URL picks PostgreSQL.
 */
const events = Number(process.env.EVENTS ?? 200);
const workers = Number(process.env.WORKERS ?? 8);

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const summary = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;

async function main(): Promise<void> {
  const app = await startTestApp({ webhooks: { ...loadConfig({}).webhooks, allowPrivateTargets: true } });
  const receiver = await startReceiver(() => 200);
  const admin = await app.user('admin');
  const created = await admin.api.post('/api/v1/webhooks').send({ url: receiver.url, events: ['claim.created'] });
  receiver.secrets.push(created.body.secret);
  const committedAt = new Map<string, number>();

  const createOne = async () => {
    const article = await createArticle(app.api);
    const claim = await createClaim(app.api, article.id);
    committedAt.set(claim.id, Date.now());
  };
  const measure = async (label: string, run: () => Promise<void>) => {
    committedAt.clear();
    receiver.received.length = 0;
    await run();
    await waitFor('every delivery', () => receiver.received.length >= committedAt.size, 120_000);
    const fromResponse: number[] = [];
    const fromRow: number[] = [];
    for (const received of receiver.received) {
      const claimId = String(received.payload.data.claim.id);
      fromResponse.push(received.at - committedAt.get(claimId)!);
      fromRow.push(received.at - Date.parse(received.payload.timestamp));
    }
    const early = fromResponse.filter((ms) => ms < 0).length;
    console.log(`${app.db.kind}, ${label}: commit (201 at the client) → receiver ${summary(fromResponse)}; ${early} arrived before the client had its 201`);
    console.log(`${app.db.kind}, ${label}: change (in its transaction) → receiver ${summary(fromRow)}; signatures verified: ${receiver.received.every((r) => r.verified)}`);
  };

  await measure(`${events} events one at a time`, async () => {
    for (let index = 0; index < events; index++) await createOne();
  });
  await measure(`${events} events from ${workers} clients`, async () => {
    let next = 0;
    await Promise.all(Array.from({ length: workers }, async () => {
      while (next++ < events) await createOne();
    }));
  });
  await app.db.dataSource.query('UPDATE webhook_subscriptions SET active = false WHERE id = $1', [created.body.id]);
  await app.close();
  await receiver.close();
}

void main();
