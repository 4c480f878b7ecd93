import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Pages load only this site's stylesheet and scripts: no inline script can run (a person's text that
 * slipped through escaping still could not execute), forms post only here, nobody may frame a page.
 */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Not helmet's no-referrer: under it a browser sends `Origin: null` with a form post, and the pages' own
 * same-origin check could not tell its forms from anyone's. Other sites still learn nothing.
 */
export const pageReferrerPolicy = 'same-origin';

/** The HTML of a page. Preact escapes every text and attribute; nothing here is inserted raw. */
export const renderHtml = (page: VNode): string => `<!doctype html>${renderToString(page)}`;

/** Sends a personal page: no cache may keep it. */
export function sendPage(res: Response, page: VNode, status = 200): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', pageContentSecurityPolicy);
  res.setHeader('Referrer-Policy', pageReferrerPolicy);
  if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  res.send(renderHtml(page));
}
