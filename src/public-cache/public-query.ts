import type { Request } from 'express';
import { Problem, validationFailed } from '../errors/problem';

const shownNameLength = 100;

/**
 * The query of a public route, each parameter given once and known to it. Undefined when there is no
 * query at all (the hot path). The caller keys its cache entry on the known values alone, so an unknown
 * parameter never makes `?anything` a page of its own. For an API client an unknown one is a 400 (a
 * misspelt `limit` should not pass unnoticed); a page for people (`forPeople`) ignores it, since shared
 * links arrive with `utm_source`, `fbclid` and the like appended by newsletters and social networks.
 */
export function publicQuery(req: Request, known: readonly string[], { forPeople = false } = {}): Record<string, string> | undefined {
  if (!req.url.includes('?')) return undefined;
  const query = req.query as Record<string, string | string[]>;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const shown = name.length > shownNameLength ? `${name.slice(0, shownNameLength)}…` : name;
    if (!known.includes(name)) {
      if (forPeople) continue;
      const detail = known.length > 0 ? `${shown} is not a parameter of this route (it takes ${known.join(', ')})` : `${shown} is not a parameter of this route (it takes none)`;
      throw new Problem('unknown-parameter', detail, { errors: [{ parameter: shown, detail }] });
    }
    if (typeof value !== 'string') throw validationFailed([{ parameter: name, detail: `${name} must be given once` }]);
    values[name] = value;
  }
  return values;
}
