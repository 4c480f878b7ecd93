import http from 'node:http';

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A keep-alive HTTP client with one socket per worker, lighter than fetch for a latency loop. */
export function httpClient(base: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(base);
  return {
    request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const request = http.request(
          { agent, hostname, port, method, path, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
