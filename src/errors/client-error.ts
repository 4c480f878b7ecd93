import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { jsonContentSecurityPolicy } from '../http/security-headers';
import { Problem } from './problem';
import type { ProblemSlug } from './catalogue';

const slugs: Record<string, ProblemSlug> = {
  HPE_HEADER_OVERFLOW: 'headers-too-large',
  // HEADERS_TIMEOUT_MS or REQUEST_TIMEOUT_MS ran out before the request had arrived.
  ERR_HTTP_REQUEST_TIMEOUT: 'request-timeout',
};

/**
 * Requests Node refuses before Express sees them (Content-Length together with
 * Transfer-Encoding, a malformed request line, headers over the limit, a client too slow to send
 * its request) get a problem+json too, instead of Node's bare `400 Bad Request`; then the
 * connection is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A response already under way on this connection cannot be followed by another one.
  const current = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const problem = new Problem(slugs[error.code ?? ''] ?? 'malformed-request').toDocument();
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n` +
      `Content-Security-Policy: ${jsonContentSecurityPolicy}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
