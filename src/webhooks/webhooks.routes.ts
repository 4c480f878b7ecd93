import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, admins, allow } from '../auth/authenticate';
import type { WebhookConfig } from '../config/config';
import { requireId } from '../http/ids';
import { PageQuery, toPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { presentDelivery, presentWebhook, presentWebhookWithSecret } from './webhook.presenter';
import { CreateWebhookDto, UpdateWebhookDto } from './webhooks.dto';
import {
  createWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  rotateWebhookSecret,
  updateWebhook,
} from './webhooks.service';

/** Webhook subscriptions, their deliveries and redelivery: admins only (desk events carry drafts). */
export function webhooksRouter(db: DataSource, settings: WebhookConfig): Router {
  const router = Router();
  // On each route, not router.use: a method no route takes must still answer 405, not 403.
  const adminsOnly = allow(...admins);

  router.get('/', adminsOnly, async (_req, res) => {
    res.json({ items: (await listWebhooks(db.manager)).map(presentWebhook) });
  });

  router.post('/', adminsOnly, async (req, res) => {
    const input = await parseBody(CreateWebhookDto, req.body);
    const created = await createWebhook(db, actorOf(req), input, settings);
    res.status(201).location(`/api/v1/webhooks/${created.id}`).json(presentWebhookWithSecret(created));
  });

  router.get('/:id', adminsOnly, async (req, res) => {
    res.json(presentWebhook(await getWebhook(db.manager, requireId(req.params.id, 'webhook subscription'))));
  });

  router.patch('/:id', adminsOnly, async (req, res) => {
    const id = requireId(req.params.id, 'webhook subscription');
    const input = await parseBody(UpdateWebhookDto, req.body);
    res.json(presentWebhook(await updateWebhook(db, id, input, settings)));
  });

  router.post('/:id/rotate-secret', adminsOnly, async (req, res) => {
    const id = requireId(req.params.id, 'webhook subscription');
    res.json(presentWebhookWithSecret(await rotateWebhookSecret(db, id, settings)));
  });

  router.get('/:id/deliveries', adminsOnly, async (req, res) => {
    const id = requireId(req.params.id, 'webhook subscription');
    const query = await parseQuery(PageQuery, req.query);
    res.json(toPage(await listDeliveries(db.manager, id, query), query.limit, presentDelivery));
  });

  router.post('/:id/deliveries/:deliveryId/redeliver', adminsOnly, async (req, res) => {
    const id = requireId(req.params.id, 'webhook subscription');
    const deliveryId = requireId(req.params.deliveryId, 'delivery');
    res.json(presentDelivery(await redeliver(db, id, deliveryId)));
  });

  return router;
}
