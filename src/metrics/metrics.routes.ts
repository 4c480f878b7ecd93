import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { admins, allow, authenticate } from '../auth/authenticate';
import type { Registry } from 'prom-client';

const bearer = /^Bearer +(\S+)$/i;
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A scraper may present METRICS_TOKEN instead of a person's token: it then reads the metrics and
 * nothing else, where an admin's token would also let it manage people. Compared in constant time.
 */
function scraperToken(metricsToken: string | undefined): (req: Request) => boolean {
  if (metricsToken === undefined) return () => false;
  const expected = digest(metricsToken);
  return (req) => {
    const sent = bearer.exec(req.headers.authorization ?? '')?.[1];
    return sent !== undefined && timingSafeEqual(digest(sent), expected);
  };
}

/** GET /metrics in the Prometheus text format: for admins, or whoever sends METRICS_TOKEN. Anyone else 401/403. */
export function metricsRouter(registry: Registry, data: DataSource, metricsToken: string | undefined): Router {
  const isScraper = scraperToken(metricsToken);
  const serve: RequestHandler = async (_req, res) => {
    const body = await registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(registry.contentType).send(body);
  };
  const router = Router();
  router.get('/', (req, res, next) => (isScraper(req) ? serve(req, res, next) : next()), authenticate(data), allow(...admins), serve);
  return router;
}
