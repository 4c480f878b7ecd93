import type { EntityManager } from 'typeorm';
import { Rating } from './rating.entity';

export type RatingScale = { version: number; ratings: Rating[] };

/** The newest scale version; verdicts record the version they used, so older ones stay readable. */
export async function currentRatingScale(manager: EntityManager): Promise<RatingScale> {
  const [latest] = await manager.query<Array<{ version: number }>>(
    'SELECT max("scale_version")::int AS version FROM "ratings"',
  );
  const version = latest?.version ?? 0;
  const ratings = await manager.find(Rating, { where: { scaleVersion: version }, order: { position: 'ASC' } });
  return { version, ratings };
}
