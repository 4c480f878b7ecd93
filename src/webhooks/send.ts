import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refuseForbiddenLiteral } from './target-safety';

/** What the attempt log keeps of a receiver's answer. */
export const responseExcerptBytes = 1024;

export type SendOutcome = { ok: boolean; statusCode: number | null; excerpt: string | null; error: string | null };

/**
 * POSTs one signed delivery. Redirects are not followed (a 3xx is a failure), the whole exchange has
 * `timeoutMs`, and at most `responseExcerptBytes` of the answer are read before the connection is cut.
 */
export function sendWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  { timeoutMs, allowPrivate }: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined; // set once the request is made: a refused target settles before
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const failed = (error: string) => finish({ ok: false, statusCode: null, excerpt: null, error });
    let url: URL;
    try {
      url = new URL(target);
      refuseForbiddenLiteral(url, allowPrivate);
    } catch (error) {
      return failed((error as Error).message);
    }
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(allowPrivate),
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'claim-tracker-webhooks/1',
      },
    });
    timer = setTimeout(() => {
      request.destroy();
      failed(`no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    request.on('error', (error) => failed(error.message));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let length = 0;
      const answered = () => {
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const excerpt = length > 0 ? new TextDecoder().decode(Buffer.concat(chunks).subarray(0, responseExcerptBytes)) : null;
        const error = ok ? null : status >= 300 && status < 400 ? `answered ${status}: redirects are not followed` : `answered ${status}`;
        finish({ ok, statusCode: status, excerpt, error });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= responseExcerptBytes) {
          answered();
          response.destroy();
        }
      });
      response.on('end', answered);
      response.on('error', answered);
      response.on('close', answered);
    });
    request.end(body);
  });
}
