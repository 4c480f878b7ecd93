/**
 * PGlite is one PostgreSQL session. The server's pool and local clients on the Unix socket (the CLI,
 * psql) take turns in it: whoever sends a message owns the session until PostgreSQL is idle again —
 * ReadyForQuery with status 'I' — so nobody's statements land inside another's transaction.
 */
export class SessionTurns {
  private owner: symbol | null = null;
  private waiting: Array<() => void> = [];

  constructor(private readonly inTransaction: () => boolean) {}

  /** Runs `work` in `who`'s turn; the turn ends when `idleAfter` says the session is idle again. */
  async run<T>(who: symbol, work: () => Promise<T> | T, idleAfter: (result: T) => boolean): Promise<T> {
    while (this.owner !== null && this.owner !== who) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.owner = who;
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (!this.inTransaction()) this.release(who);
      throw error;
    }
    if (idleAfter(result)) this.release(who);
    return result;
  }

  holds(who: symbol): boolean {
    return this.owner === who;
  }

  release(who: symbol): void {
    if (this.owner !== who) return;
    this.owner = null;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

/** The last message of a backend answer, as bytes: ReadyForQuery ('Z', length 5, status 'I'). */
export const endsIdle = (bytes: Uint8Array): boolean =>
  bytes.length >= 6 && bytes[bytes.length - 6] === 0x5a && bytes[bytes.length - 1] === 0x49;

/** The same, for node-postgres messages parsed by PGlite's adapter. */
export const messagesEndIdle = (messages: Array<{ name: string; status?: string }>): boolean =>
  messages.some((message) => message.name === 'readyForQuery' && message.status === 'I');
