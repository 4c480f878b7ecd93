import type { Response } from 'express';
import { claimChangesChannel, parseClaimChange, type ClaimChange } from './claim-changes';

export const liveLimits = { perPerson: 8, total: 500, heartbeatMs: 20_000, retryMs: 3_000, replayMax: 500 };

type Client = { personId: string; res: Response };

/** The open /events streams of this process, fed by one LISTEN on claim_changes (see server.ts). */
export class LiveHub {
  private readonly clients = new Set<Client>();
  private heartbeat: NodeJS.Timeout;

  constructor(private readonly limits = liveLimits) {
    this.heartbeat = this.startHeartbeat(limits.heartbeatMs);
  }

  /** A comment line now and then: proxies and browsers keep a quiet stream open, and a dead one is noticed. */
  setHeartbeat(everyMs: number): void {
    clearInterval(this.heartbeat);
    this.heartbeat = this.startHeartbeat(everyMs);
  }

  private startHeartbeat(everyMs: number): NodeJS.Timeout {
    const timer = setInterval(() => this.each((res) => res.write(': ping\n\n')), everyMs);
    timer.unref();
    return timer;
  }

  readonly channel = claimChangesChannel;

  /** False when this person or the process already holds as many streams as allowed. */
  add(personId: string, res: Response): boolean {
    if (this.streamsOf(personId) >= this.limits.perPerson || this.clients.size >= this.limits.total) return false;
    const client = { personId, res };
    this.clients.add(client);
    res.once('close', () => this.clients.delete(client));
    return true;
  }

  onNotification = (payload: string): void => {
    const change = parseClaimChange(payload);
    if (change) this.each((res) => res.write(formatEvent(change)));
  };

  /** The streams one person holds open (a page per tab). */
  streamsOf(personId: string): number {
    return [...this.clients].filter((client) => client.personId === personId).length;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream: a server stopping would otherwise wait for them until its timeout. */
  close(): void {
    clearInterval(this.heartbeat);
    this.each((res) => res.end());
    this.clients.clear();
  }

  private each(send: (res: Response) => void): void {
    for (const client of this.clients) send(client.res);
  }
}

export const formatEvent = (change: ClaimChange): string => `id: ${change.seq}\ndata: ${JSON.stringify(change)}\n\n`;
