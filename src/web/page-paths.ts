/**
 * The paths the browser's pages answer on (each with everything below it). Only these pass through the
 * session, form and CSRF handling: the API and the public JSON pay nothing for the pages.
 */
export const pagePathPrefixes = ['/login', '/logout', '/account', '/language', '/desk', '/my', '/articles', '/claims', '/events',
  // people and first-run setup
  '/setup', '/password', '/admin'] as const;

export const isPagePath = (path: string): boolean =>
  pagePathPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
