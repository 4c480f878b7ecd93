import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Site } from '../fact-checks/site';
import { feedExtensionsPage, feedExtensionsPath } from '../feed/feed-extensions';
import { isFresh, type Validators } from '../http/conditional';
import { publicCacheControl } from '../public-cache/send-cached';
import { openApiDocument } from './document';

/** Sends a body fixed at start-up with a strong ETag, or 304 to a matching If-None-Match. */
function sendFixed(contentType: string, body: string): RequestHandler {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return (req, res) => {
    res.setHeader('Cache-Control', publicCacheControl);
    res.setHeader('ETag', etag);
    if (isFresh(req.method, req.headers, { etag })) {
      res.status(304).end();
      return;
    }
    res.type(contentType).send(body);
  };
}

/**
 * GET /openapi.json: the document with the request's site as its server. Open to any origin, like the public face (CORS in app.ts).
 * One rendering per site, kept: the sites are the configured few (public-site.ts), not whatever Host a client sends.
 */
export function openApiRouter(siteFor: (req: Request) => Site): Router {
  const router = Router();
  const bySite = new Map<string, RequestHandler>();
  router.get('/', (req, res, next) => {
    const { baseUrl } = siteFor(req);
    let send = bySite.get(baseUrl);
    if (!send) bySite.set(baseUrl, (send = sendFixed('application/json', JSON.stringify(openApiDocument(baseUrl)))));
    send(req, res, next);
  });
  return router;
}

/** swagger-ui-dist's files, served from node_modules: the page loads nothing from elsewhere. */
const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const assets = /^\/(swagger-ui\.css|swagger-ui-bundle\.js|favicon-(16x16|32x32)\.png)(\.map)?$/;

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Claim tracker API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/start-swagger-ui.js"></script>
</body>
</html>
`;

// A file rather than an inline script, so that the page's CSP allows scripts from this origin only.
const initializer = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
});
`;

/** The page runs Swagger UI from this origin alone: no inline script, no other host, no framing. */
const docsContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** GET /docs: Swagger UI on /openapi.json, and its assets under /docs/; GET /docs/feed-extensions: the feed's extensions. */
export function docsRouter(): Router {
  const router = Router();
  router.use(docsContentSecurityPolicy);
  router.get('/', sendFixed('text/html', page));
  router.get(feedExtensionsPath.slice('/docs'.length), sendFixed('text/html', feedExtensionsPage));
  // An asset like swagger-ui's own files, so not an operation of the API document.
  const start = sendFixed('text/javascript', initializer);
  router.use((req, res, next) => (req.path === '/start-swagger-ui.js' && (req.method === 'GET' || req.method === 'HEAD') ? start(req, res, next) : next()));
  router.use(staticAssets());
  return router;
}

/**
 * swagger-ui-dist's files. The static module's own 304 check follows the request's Cache-Control
 * (`fetch` sends no-cache with If-None-Match), so the validators are set and checked here first; the
 * module keeps them, and still answers Range, If-Match and If-Unmodified-Since itself.
 */
function staticAssets(): RequestHandler {
  const maxAgeSeconds = 86_400;
  const files = express.static(swaggerUiDir, { index: false, redirect: false, maxAge: maxAgeSeconds * 1000 });
  const validators = new Map<string, Required<Validators>>();
  for (const name of fs.readdirSync(swaggerUiDir)) {
    if (!assets.test(`/${name}`)) continue;
    // The files in node_modules do not change while the app runs: their validators are taken once.
    const { size, mtime } = fs.statSync(path.join(swaggerUiDir, name));
    validators.set(`/${name}`, { etag: `W/"${size.toString(16)}-${mtime.getTime().toString(16)}"`, lastModified: mtime.toUTCString() });
  }
  return (req, res, next) => {
    const known = validators.get(req.path);
    if (!known || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.setHeader('ETag', known.etag);
    res.setHeader('Last-Modified', known.lastModified);
    // If-Match and If-Unmodified-Since come first (RFC 9110 §13.2.2): the module evaluates those.
    const noEarlierCondition = req.headers['if-match'] === undefined && req.headers['if-unmodified-since'] === undefined;
    if (noEarlierCondition && isFresh(req.method, req.headers, known)) {
      res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
      res.status(304).end();
      return;
    }
    files(req, res, next);
  };
}
