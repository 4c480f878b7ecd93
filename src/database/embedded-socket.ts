import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { endsIdle, type SessionTurns } from './embedded-sessions';

/** Where psql and node-postgres look for a server in a directory: `psql -h <data dir>`. */
export const localSocketPath = (dataDir: string): string => path.join(path.resolve(dataDir), '.s.PGSQL.5432');

/** The URL a local client uses to reach a running server's embedded database. */
export const localSocketUrl = (dataDir: string): string =>
  `postgres://postgres@${encodeURIComponent(path.resolve(dataDir))}/postgres`;

const maxSocketPathLength = 107; // sun_path on Linux, less the terminating NUL

const sslRequest = 80877103;
const gssEncRequest = 80877104;
const protocolVersion3 = 196608;
const terminate = 0x58; // 'X'

export type LocalSocket = { path: string; close: () => Promise<void> };

/**
 * Serves the embedded database on a Unix socket in its data directory (mode 0600: this user only; never
 * TCP), so that the CLI and psql work while the server runs. A client holding a transaction open longer
 * than `turnTimeoutMs` without a word is rolled back and disconnected: the server waits meanwhile.
 */
export async function serveLocalSocket(
  pglite: PGlite,
  turns: SessionTurns,
  dataDir: string,
  turnTimeoutMs: number,
): Promise<LocalSocket | undefined> {
  const file = localSocketPath(dataDir);
  if (file.length > maxSocketPathLength) return undefined;
  fs.rmSync(file, { force: true }); // a killed server's socket: this process holds the data directory's lock
  const greeting = await turns.run(Symbol('greeting'), () => greetingFor(pglite), () => true);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new LocalSession(socket, pglite, turns, greeting, turnTimeoutMs).start();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(file, () => resolve()));
  fs.chmodSync(file, 0o600);
  return {
    path: file,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      fs.rmSync(file, { force: true });
    },
  };
}

/** One client's connection: the startup handshake, then its messages in its turns. */
class LocalSession {
  private readonly id = Symbol('local client');
  private buffer = Buffer.alloc(0);
  private started = false;
  private work: Promise<void> = Promise.resolve();
  private turnTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly pglite: PGlite,
    private readonly turns: SessionTurns,
    private readonly greeting: Buffer,
    private readonly turnTimeoutMs: number,
  ) {}

  start(): void {
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.readMessages();
    });
    this.socket.on('error', () => this.socket.destroy());
    this.socket.once('close', () => this.enqueue(() => this.end()));
  }

  private readMessages(): void {
    for (;;) {
      const header = this.started ? 5 : 8;
      if (this.buffer.length < header) return;
      const length = this.started ? this.buffer.readInt32BE(1) + 1 : this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return;
      const message = Buffer.from(this.buffer.subarray(0, length));
      this.buffer = this.buffer.subarray(length);
      if (!this.started) this.startup(message.readInt32BE(4));
      else if (message[0] === terminate) this.enqueue(async () => void this.socket.end());
      else this.enqueue(() => this.execute(message));
    }
  }

  private startup(code: number): void {
    if (code === sslRequest || code === gssEncRequest) {
      this.socket.write('N'); // no encryption on a local socket; the client goes on in plain text
    } else if (code === protocolVersion3) {
      this.started = true;
      this.socket.write(this.greeting);
    } else {
      this.socket.destroy(); // a cancel request, or a protocol this does not speak
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch(() => {
      this.socket.destroy();
    });
  }

  private async execute(message: Buffer): Promise<void> {
    clearTimeout(this.turnTimer);
    if (this.socket.destroyed) return;
    const answer = await this.turns.run(this.id, () => this.answer(message), endsIdle);
    if (answer.length > 0) this.socket.write(answer);
    if (this.turns.holds(this.id)) {
      this.turnTimer = setTimeout(() => this.socket.destroy(), this.turnTimeoutMs);
    }
  }

  /**
   * The client's settings last no longer than its turn: the session is the server's too, and a SET in
   * psql (search_path, statement_timeout) must not change what the server's next query means.
   */
  private async answer(message: Buffer): Promise<Uint8Array> {
    const answer = await this.pglite.execProtocolRaw(message);
    if (endsIdle(answer)) await this.pglite.execProtocolRaw(simpleQuery('RESET ALL'));
    return answer;
  }

  /** A client gone inside a transaction: its work is rolled back before the server goes on. */
  private async end(): Promise<void> {
    clearTimeout(this.turnTimer);
    if (!this.turns.holds(this.id)) return;
    try {
      if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(simpleQuery('ROLLBACK'));
      await this.pglite.execProtocolRaw(simpleQuery('RESET ALL'));
    } finally {
      this.turns.release(this.id);
    }
  }
}

/** What a server says after a client's startup message: trust, its parameters, ready. */
async function greetingFor(pglite: PGlite): Promise<Buffer> {
  const { rows } = await pglite.query<{ version: string; zone: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('TimeZone') AS zone",
  );
  const parameters: Record<string, string> = {
    server_version: rows[0]!.version,
    server_encoding: 'UTF8',
    client_encoding: 'UTF8',
    DateStyle: 'ISO, MDY',
    TimeZone: rows[0]!.zone,
    integer_datetimes: 'on',
    standard_conforming_strings: 'on',
  };
  const backendKey = Buffer.alloc(8);
  backendKey.writeInt32BE(process.pid, 0);
  backendKey.writeInt32BE(randomInt(2 ** 31), 4);
  return Buffer.concat([
    wireMessage('R', Buffer.from([0, 0, 0, 0])), // AuthenticationOk
    ...Object.entries(parameters).map(([name, value]) => wireMessage('S', Buffer.from(`${name}\0${value}\0`))),
    wireMessage('K', backendKey),
    wireMessage('Z', Buffer.from('I')),
  ]);
}

function wireMessage(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const simpleQuery = (sql: string): Buffer => wireMessage('Q', Buffer.from(`${sql}\0`));
