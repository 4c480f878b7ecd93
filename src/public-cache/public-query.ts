import type { Request } from 'express';
import { Problem, validationFailed } from '../errors/problem';

const shownNameLength = 100;

/**
 * The query of a public route, each parameter given once and known to it. An unknown one is a 400
 * rather than ignored: ignoring it would make `?anything` a page of its own (a cache entry, or a miss
 * that goes to the database every time). Undefined when there is no query at all (the hot path).
 */
export function publicQuery(req: Request, known: readonly string[]): Record<string, string> | undefined {
  if (!req.url.includes('?')) return undefined;
  const query = req.query as Record<string, string | string[]>;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const shown = name.length > shownNameLength ? `${name.slice(0, shownNameLength)}…` : name;
    if (!known.includes(name)) {
      const detail = known.length > 0 ? `${shown} is not a parameter of this route (it takes ${known.join(', ')})` : `${shown} is not a parameter of this route (it takes none)`;
      throw new Problem('unknown-parameter', detail, { errors: [{ parameter: shown, detail }] });
    }
    if (typeof value !== 'string') throw validationFailed([{ parameter: name, detail: `${name} must be given once` }]);
    values[name] = value;
  }
  return values;
}
