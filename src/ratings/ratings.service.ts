import type { DataSource, EntityManager } from 'typeorm';
import { Rating } from './rating.entity';

export type RatingScale = { version: number; ratings: Rating[] };

// Scales change only by migration, and migrations run before the server starts: read them once.
const loaded = new WeakMap<DataSource, Promise<Rating[]>>();

/** Every rating of every scale version, in scale order. */
export function allRatings(manager: EntityManager): Promise<Rating[]> {
  const db = manager.connection;
  let ratings = loaded.get(db);
  if (!ratings) {
    // Through the caller's manager: inside a transaction on the embedded pool, any other would wait forever.
    ratings = manager.find(Rating, { order: { scaleVersion: 'ASC', position: 'ASC' } });
    loaded.set(db, ratings);
    ratings.catch(() => loaded.delete(db));
  }
  return ratings;
}

/** The newest scale version; verdicts record the version they used, so older ones stay readable. */
export async function currentRatingScale(manager: EntityManager): Promise<RatingScale> {
  const ratings = await allRatings(manager);
  const version = Math.max(0, ...ratings.map((rating) => rating.scaleVersion));
  return { version, ratings: ratings.filter((rating) => rating.scaleVersion === version) };
}
