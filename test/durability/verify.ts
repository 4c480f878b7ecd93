import type { Ack } from './write-load';

type ClaimRow = { id: string; version: number };
type EventRow = { action: string; version: number };

export type Verification = {
  /** Acknowledged writes the server no longer shows, described; empty when none was lost. */
  lost: string[];
  /** Claims of the acknowledged articles, and their history events, as the server shows them now. */
  claims: number;
  events: number;
  /** Rows that were committed although their request never got its answer (in flight at the signal). */
  unacknowledged: { claims: number; events: number };
  /** Claims whose version is not the number of their events, or whose events are not v1..vN. */
  disagreeing: Array<{ id: string; version: number; eventVersions: number[] }>;
};

async function getJson(baseUrl: string, token: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json() };
}

/**
 * Reads back, over HTTP, everything a load run wrote: every acknowledged write must be there, and every
 * claim of its articles (acknowledged or not) must have exactly one event per version.
 */
export async function verifyRun(baseUrl: string, token: string, acks: Ack[]): Promise<Verification> {
  const result: Verification = { lost: [], claims: 0, events: 0, unacknowledged: { claims: 0, events: 0 }, disagreeing: [] };
  const histories = new Map<string, EventRow[]>();
  for (const ack of acks) {
    if (ack.kind !== 'article') continue;
    const article = await getJson(baseUrl, token, `/api/v1/articles/${ack.articleId}`);
    if (article.status !== 200) result.lost.push(`article ${ack.articleId}: ${article.status}`);
    // The load puts one claim on each article.
    const claims = (await getJson(baseUrl, token, `/api/v1/claims?articleId=${ack.articleId}&limit=100`)).body.items as ClaimRow[];
    for (const claim of claims) {
      const events = (await getJson(baseUrl, token, `/api/v1/claims/${claim.id}/history`)).body.items as EventRow[];
      histories.set(claim.id, events);
      const eventVersions = events.map((event) => event.version);
      if (eventVersions.length !== claim.version || eventVersions.some((version, index) => version !== index + 1)) {
        result.disagreeing.push({ id: claim.id, version: claim.version, eventVersions });
      }
    }
  }
  result.claims = histories.size;
  result.events = [...histories.values()].reduce((sum, events) => sum + events.length, 0);

  const ackedClaims = new Set<string>();
  let ackedEvents = 0;
  for (const ack of acks) {
    if (ack.kind === 'article') continue;
    ackedClaims.add(ack.claimId);
    ackedEvents++;
    const action = ack.kind === 'claim' ? 'claim.created' : ack.kind;
    const events = histories.get(ack.claimId);
    if (!events) result.lost.push(`${action} v${ack.version} of claim ${ack.claimId}: the claim is not there`);
    else if (!events.some((event) => event.version === ack.version && event.action === action)) {
      result.lost.push(`${action} v${ack.version} of claim ${ack.claimId}: not in its history`);
    }
    if ('evidenceId' in ack && ack.evidenceId) {
      const evidence = (await getJson(baseUrl, token, `/api/v1/claims/${ack.claimId}/evidence`)).body.items as Array<{ id: string }>;
      if (!evidence.some((item) => item.id === ack.evidenceId)) result.lost.push(`evidence ${ack.evidenceId} of claim ${ack.claimId}: not listed`);
    }
  }
  result.unacknowledged = { claims: result.claims - ackedClaims.size, events: result.events - ackedEvents };
  return result;
}
