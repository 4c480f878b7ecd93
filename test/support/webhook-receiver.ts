import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type Received = {
  id: string;
  type: string;
  payload: Record<string, any>;
  headers: Record<string, string>;
  /** Whether the signature verified with the receiver's secret(s), by the standardwebhooks library. */
  verified: boolean;
  /** The status the receiver answered with. */
  answered: number;
  at: number;
};

/** What the receiver answers to the nth request (1-based): a status, or 'hang' to never answer. */
export type Answer = (n: number, request: IncomingMessage) => number | 'hang';

export type Receiver = {
  url: string;
  received: Received[];
  /** The secrets signatures are checked with: set after creating the subscription. */
  secrets: string[];
  answer: Answer;
  close: () => Promise<void>;
};

/** A webhook receiver on 127.0.0.1 that verifies each request as a real one would (standardwebhooks). */
export async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  let count = 0;
  const receiver: Receiver = { url: '', received, secrets: [], answer, close: async () => undefined };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      count += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = request.headers as Record<string, string>;
      const verified = receiver.secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const status = receiver.answer(count, request);
      const payload = JSON.parse(body) as Record<string, any>;
      received.push({ id: headers['webhook-id']!, type: String(payload.type), payload, headers, verified, answered: status === 'hang' ? 0 : status, at: Date.now() });
      if (status === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `failing (${status})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** Waits until `check` returns something truthy, polling; fails with `what` after `timeoutMs`. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
