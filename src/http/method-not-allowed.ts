import type { RequestHandler } from 'express';
import { Problem } from '../errors/problem';
import type { RouteDoc } from '../openapi/routes';

type KnownPath = { pattern: RegExp; allow: Set<string> };

/** `/api/v1/claims/{id}` as Express matches it: a parameter is one segment, case-insensitive, an optional trailing slash. */
function pathPattern(openApiPath: string): RegExp {
  const source = openApiPath
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * Mounted after every route: a request that reached it matched no handler. When the path is one the
 * route table knows, the method is what was wrong: 405 with `Allow` (HEAD wherever GET is, OPTIONS
 * where CORS preflights are answered). Unknown paths go on to the 404.
 */
export function methodNotAllowed(routes: readonly RouteDoc[], preflighted: (path: string) => boolean): RequestHandler {
  const known = new Map<string, KnownPath>();
  for (const route of routes) {
    const entry = known.get(route.path) ?? { pattern: pathPattern(route.path), allow: new Set<string>() };
    const method = route.method.toUpperCase();
    entry.allow.add(method);
    if (method === 'GET') entry.allow.add('HEAD');
    if (preflighted(route.path)) entry.allow.add('OPTIONS');
    known.set(route.path, entry);
  }
  const paths = [...known.values()];
  return (req, res, next) => {
    const allow = new Set<string>();
    for (const { pattern, allow: methods } of paths) if (pattern.test(req.path)) methods.forEach((method) => allow.add(method));
    if (allow.size === 0 || allow.has(req.method)) return next();
    const listed = [...allow].join(', ');
    res.setHeader('Allow', listed);
    throw new Problem('method-not-allowed', `${req.method} is not a method of ${req.path}; it takes ${listed}.`, { allow: [...allow] });
  };
}
