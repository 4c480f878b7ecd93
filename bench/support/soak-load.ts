// The soak's load generator, in its own process: `node --import tsx bench/support/soak-load.ts <plan.json>`.
// Every connection loops over a mixed sequence — public reads, API reads, and two claim changes that
// each read the claim first and send its ETag back in If-Match — as one of several people.
// Prints autocannon's result as one JSON line.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

export type SoakPlan = {
  baseUrl: string;
  seconds: number;
  connections: number;
  /** Bearer tokens of the people writing (checkers and editors). */
  tokens: string[];
  claimIds: string[];
  factCheckPaths: string[];
};

type Context = { token?: string; claimId?: string; etag?: string };
type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type Step = {
  method?: string;
  setupRequest: (request: Request, context: Context) => Request;
  onResponse?: (status: number, body: string, context: Context, headers: Record<string, string | string[]>) => void;
};

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const headerOf = (headers: Record<string, string | string[]>, name: string): string | undefined => {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
};

export function soakSequence(plan: SoakPlan): Step[] {
  const asPerson = (request: Request, context: Context, extra: Record<string, string> = {}): Request => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${context.token}`, ...extra },
  });
  const json = { 'content-type': 'application/json' };
  const keepEtag: Step['onResponse'] = (status, _body, context, headers) => {
    if (status < 300) context.etag = headerOf(headers, 'etag');
  };
  return [
    // A new loop is a new visit: the context starts empty, so pick who and which claim.
    {
      setupRequest: (request, context) => {
        context.token = pick(plan.tokens);
        context.claimId = pick(plan.claimIds);
        return { ...request, path: '/feed.json' };
      },
    },
    { setupRequest: (request) => ({ ...request, path: pick(plan.factCheckPaths) }) },
    { setupRequest: (request, context) => asPerson({ ...request, path: '/api/v1/claims?limit=20' }, context) },
    { setupRequest: (request, context) => asPerson({ ...request, path: `/api/v1/claims/${context.claimId}` }, context), onResponse: keepEtag },
    {
      method: 'PATCH',
      setupRequest: (request, context) =>
        asPerson(
          { ...request, path: `/api/v1/claims/${context.claimId}`, body: JSON.stringify({ summary: `Soak edit ${randomBytes(4).toString('hex')}` }) },
          context,
          { ...json, 'if-match': context.etag ?? '"v0"' },
        ),
    },
    { setupRequest: (request) => ({ ...request, path: '/feed.json?limit=5' }) },
    { setupRequest: (request, context) => asPerson({ ...request, path: `/api/v1/claims/${context.claimId}` }, context), onResponse: keepEtag },
    {
      method: 'POST',
      setupRequest: (request, context) =>
        asPerson(
          {
            ...request,
            path: `/api/v1/claims/${context.claimId}/evidence`,
            body: JSON.stringify({ url: `https://soak.test/${randomBytes(6).toString('hex')}`, stance: 'context', title: 'Soak evidence' }),
          },
          context,
          { ...json, 'if-match': context.etag ?? '"v0"' },
        ),
    },
    { setupRequest: (request, context) => asPerson({ ...request, path: '/api/v1/me' }, context) },
  ];
}

async function main(): Promise<void> {
  const plan = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as SoakPlan;
  // autocannon ships no types; its programmatic API returns a promise of the result when given no callback.
  const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<Record<string, unknown>>;
  const result = await autocannon({
    url: plan.baseUrl,
    connections: plan.connections,
    duration: plan.seconds,
    timeout: 10,
    requests: soakSequence(plan),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
