import { execFile } from 'node:child_process';
import path from 'node:path';

export type LoadResult = { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; statusCodes: Record<string, number> };

const autocannon = path.resolve(__dirname, '../../node_modules/.bin/autocannon');

/** Drives a URL with autocannon in its own process (for `seconds`, or `amount` requests), so the load generator never shares the server's event loop. */
export function drive(
  url: string,
  { seconds, connections, headers = {}, amount }: { seconds: number; connections: number; headers?: Record<string, string>; amount?: number },
): Promise<LoadResult> {
  const args = ['--json', '-c', String(connections), ...(amount ? ['-a', String(amount)] : ['-d', String(seconds)]), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    execFile(autocannon, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const result = JSON.parse(stdout) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        errors: number;
        non2xx: number;
        '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number;
      };
      resolve({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
        statusCodes: { '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
      });
    });
  });
}
