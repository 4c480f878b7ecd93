import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { requireSignIn, sessionOf } from '../web/session';
import type { ClaimChange } from './claim-changes';
import { formatEvent, liveLimits, type LiveHub } from './live-hub';

/** Claim changes after `seq`, oldest first, from the database: a reconnecting page misses nothing it can still use. */
export async function changesAfter(db: DataSource, seq: string, limit = liveLimits.replayMax): Promise<ClaimChange[]> {
  const rows = await db.query<Array<{ seq: string; claim_id: string; article_id: string; status: string; version: number }>>(
    `SELECT recent.seq::text AS seq, recent.claim_id, claim.article_id, coalesce(recent.to_status, claim.status) AS status, recent.version
     FROM (SELECT seq, claim_id, to_status, version FROM claim_events WHERE seq > $1 ORDER BY seq DESC LIMIT $2) recent
     JOIN claims claim ON claim.id = recent.claim_id
     ORDER BY recent.seq`,
    [seq, limit],
  );
  return rows.map((row) => ({ seq: row.seq, claimId: row.claim_id, articleId: row.article_id, status: row.status, version: row.version }));
}

/**
 * GET /events: Server-Sent Events for signed-in pages. Not signed in → 401 (an EventSource cannot follow a
 * redirect to a form). Each event says which claim moved (see assets/live.js); the page refetches itself.
 */
export function eventsRoutes(db: DataSource, hub: LiveHub): Router {
  const router = Router();
  router.get('/events', (req, res, next) => {
    if (!req.webSession) {
      res.status(401).type('text/plain').send('Sign in to follow changes.\n');
      return;
    }
    next();
  }, requireSignIn(), async (req, res) => {
    const person = sessionOf(req).person;
    const lastEventId = req.header('last-event-id');
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    if (!hub.add(person.id, res)) {
      res.status(429).type('text/plain').send('Too many open live pages.\n');
      return;
    }
    res.flushHeaders();
    res.write(`retry: ${liveLimits.retryMs}\n\n`);
    if (lastEventId && /^\d{1,18}$/.test(lastEventId)) {
      for (const change of await changesAfter(db, lastEventId)) res.write(formatEvent(change));
    }
  });
  return router;
}
