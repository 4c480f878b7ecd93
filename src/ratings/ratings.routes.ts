import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow, readers } from '../auth/authenticate';
import { presentRatingScale } from './rating.presenter';
import { currentRatingScale } from './ratings.service';

export function ratingsRouter(db: DataSource): Router {
  const router = Router();
  router.get('/', allow(...readers), async (_req, res) => {
    res.json(presentRatingScale(await currentRatingScale(db.manager)));
  });
  return router;
}
