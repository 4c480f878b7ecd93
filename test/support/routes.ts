import assert from 'node:assert/strict';

/** Every route the Express app answers, as "METHOD /path", from Router#listRoutes (router 2.3, Express 5). */
export function listRoutes(router: unknown, prefix = ''): string[] {
  type Listed = { path: unknown; methods?: string[]; router?: unknown };
  const { listRoutes: list, stack } = router as { listRoutes?: () => Listed[]; stack?: Array<{ name: string }> };
  assert.equal(typeof list, 'function', 'the Express router no longer offers listRoutes(): update this walk');
  // listRoutes() does not look inside a mounted sub-application, so none may hide routes there.
  assert.ok(!stack?.some((layer) => layer.name === 'mounted_app'), `a sub-application is mounted under ${prefix || '/'}`);
  return list!.call(router).flatMap(({ path, methods, router: child }) => {
    assert.equal(typeof path, 'string', `a route under ${prefix || '/'} has a pattern that is not a string path`);
    const full = `${prefix}/${path as string}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    if (child) return listRoutes(child, full);
    const own = (methods ?? []).filter((method) => !(method === 'HEAD' && methods!.includes('GET')));
    return own.map((method) => `${method} ${full}`);
  });
}
