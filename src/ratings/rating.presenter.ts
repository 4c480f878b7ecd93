import type { RatingScale } from './ratings.service';

export function presentRatingScale({ version, ratings }: RatingScale) {
  return {
    version,
    bestValue: 5,
    worstValue: 1,
    ratings: ratings.map((rating) => ({
      id: rating.id,
      label: rating.label,
      definition: rating.definition,
      value: rating.value,
    })),
  };
}
