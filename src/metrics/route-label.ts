import { routes } from '../openapi/routes';

/** The label of a request that matches no route: unknown paths must not each make a time series. */
export const unmatchedRoute = 'unmatched';

type Pattern = { method: string; regex: RegExp; label: string };

/**
 * The route pattern a request was for (`/api/v1/claims/:id`), never its raw URL, so the number of
 * label values stays fixed. Resolved from the route table of src/openapi/routes.ts, which the
 * OpenAPI tests hold equal to the app's routes. Express's `req.route` alone will not do: it knows
 * only the last router's part (`/:id`) and is unset when a request is refused before its route
 * (401 from the token check). Paths without parameters — the public feed among them — are one
 * Map lookup.
 */
export function routeLabeller(): (method: string, url: string) => string {
  const exact = new Map<string, string>();
  const patterns: Pattern[] = [];
  for (const route of routes) {
    const label = route.path.replace(/\{(\w+)\}/g, ':$1');
    const method = route.method.toUpperCase();
    if (!route.path.includes('{')) {
      exact.set(`${method} ${route.path.toLowerCase()}`, label);
      continue;
    }
    const source = route.path
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    patterns.push({ method, regex: new RegExp(`^${source}/?$`, 'i'), label });
  }
  // Swagger UI's files under /docs are served by a static handler, not a route of their own.
  const docsAsset = /^\/docs\/[^/]+$/i;

  return (requestMethod, url) => {
    const method = requestMethod === 'HEAD' ? 'GET' : requestMethod;
    const query = url.indexOf('?');
    let path = query === -1 ? url : url.slice(0, query);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const fixed = exact.get(`${method} ${path.toLowerCase()}`);
    if (fixed !== undefined) return fixed;
    for (const pattern of patterns) {
      if (pattern.method === method && pattern.regex.test(path)) return pattern.label;
    }
    if (method === 'GET' && docsAsset.test(path)) return '/docs/*';
    return unmatchedRoute;
  };
}
