import { firstTokenMay } from '../auth/authenticate';
import { problemCatalogue, problemTypeUri, type ProblemSlug } from '../errors/catalogue';
import { roles as allRoles } from '../users/role';
import { dtoComponents, queryParameters } from './dto-schemas';
import { routes, type RouteDoc } from './routes';
import { ref, responseSchemas, type JsonSchema } from './schemas';

const bodyProblems: ProblemSlug[] = ['malformed-json', 'invalid-encoding', 'payload-too-large', 'unsupported-media-type', 'validation-failed'];
/** Answered by the server to any request, before it reaches a route (src/errors/client-error.ts). */
export const transportProblems: ProblemSlug[] = ['malformed-request', 'request-timeout', 'headers-too-large'];

const header = (description: string, schema: JsonSchema = { type: 'string' }, required = false): JsonSchema => ({
  description,
  ...(required ? { required: true } : {}),
  schema,
});

const headers: Record<string, JsonSchema> = {
  ClaimETag: header('The claim’s version as a strong ETag ("v7"): send it back in If-Match with the next change.', { type: 'string', pattern: '^"v\\d+"$' }, true),
  ArticleETag: header('The article’s version as a strong ETag ("v3"): send it back in If-Match with a body revision.', { type: 'string', pattern: '^"v\\d+"$' }, true),
  Location: header('Where the new resource is read.', { type: 'string' }, true),
  CacheControl: header('public, max-age=60, stale-while-revalidate=300', { type: 'string' }, true),
  NoStore: header('no-store: a fact-check missing now may be published any minute.', { type: 'string' }, true),
  ETag: header('A strong validator of the representation, for If-None-Match.', { type: 'string' }, true),
  LastModified: header('When the newest fact-check in the response was last published.'),
  Vary: header('Accept-Encoding, with Accept first where the format is negotiated on it (/fact-checks/{id}).', { type: 'string' }, true),
  RateLimit: header('draft-7 RateLimit: limit, remaining and reset (seconds) of the client’s window.', { type: 'string' }, true),
  RateLimitPolicy: header('draft-7 RateLimit-Policy: requests per window.', { type: 'string' }, true),
  RetryAfter: header('Seconds until the window resets.', { type: 'integer' }, true),
  WWWAuthenticate: header('Bearer realm="claim-tracker"', { type: 'string' }, true),
};
const headerRef = (name: keyof typeof headers): JsonSchema => ({ $ref: `#/components/headers/${name}` });

const parameters: Record<string, JsonSchema> = {
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description: 'The one strong ETag of the claim as last read. Without it 428; `*`, a list or a malformed value 400; a weak ETag, or the claim changed since, 412 with `currentEtag`.',
    schema: { type: 'string', examples: ['"v3"'] },
  },
  IfNoneMatch: { name: 'If-None-Match', in: 'header', description: 'An ETag of a copy you hold: 304 while it is current.', schema: { type: 'string' } },
  IfModifiedSince: { name: 'If-Modified-Since', in: 'header', description: 'An HTTP date: 304 when nothing was published since.', schema: { type: 'string' } },
};
const parameterRef = (name: keyof typeof parameters): JsonSchema => ({ $ref: `#/components/parameters/${name}` });

/** Every problem a route can answer with: its own, and those that follow from its shape. */
function problemsOf(route: RouteDoc): ProblemSlug[] {
  const slugs = new Set<ProblemSlug>(transportProblems);
  if (route.auth !== 'public') {
    slugs.add('unauthenticated');
    if (route.auth.length < allRoles.length) slugs.add('forbidden');
    if (!firstTokenMay.has(`${route.method.toUpperCase()} ${route.path}`)) slugs.add('token-must-be-replaced');
  }
  if (route.path.includes('{')) slugs.add('not-found');
  if (route.body) bodyProblems.forEach((slug) => slugs.add(slug));
  if (route.query) slugs.add('validation-failed');
  if (route.ifMatch) ['precondition-required', 'invalid-if-match', 'precondition-failed'].forEach((slug) => slugs.add(slug as ProblemSlug));
  route.problems?.forEach((slug) => slugs.add(slug));
  if (route.rateLimited || route.path.startsWith('/api/v1/')) slugs.add('rate-limited');
  if (route.database !== false) ['internal-error', 'database-unavailable'].forEach((slug) => slugs.add(slug as ProblemSlug));
  return [...slugs];
}

/** Whether a refusal in this status may come as the route's page (text/html) rather than a problem document. */
const refusedAsPage = (route: RouteDoc, slugs: ProblemSlug[]): boolean => slugs.some((slug) => route.pageProblems?.includes(slug));

function problemResponses(route: RouteDoc): Record<string, JsonSchema> {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of problemsOf(route)) {
    const { status } = problemCatalogue[slug];
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, slugs] of [...byStatus].sort(([a], [b]) => a - b)) {
    const extraHeaders: Record<string, JsonSchema> =
      status === 401 ? { 'WWW-Authenticate': headerRef('WWWAuthenticate') }
      : status === 429 ? { RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimitPolicy'), 'Retry-After': headerRef('RetryAfter') }
      : status === 503 ? { 'Retry-After': headerRef('RetryAfter') }
      : status === 404 && route.caching === 'published' ? { 'Cache-Control': headerRef('NoStore') }
      : {};
    responses[status] = {
      description: slugs.map((slug) => `${slug}: ${problemCatalogue[slug].title}`).join('; '),
      ...(Object.keys(extraHeaders).length > 0 ? { headers: extraHeaders } : {}),
      content: {
        'application/problem+json': {
          schema: { allOf: [ref('Problem'), { type: 'object', properties: { type: { enum: slugs.map(problemTypeUri) } } }] },
          examples: Object.fromEntries(
            slugs.map((slug) => [slug, { value: { type: problemTypeUri(slug), title: problemCatalogue[slug].title, status } }]),
          ),
        },
        ...(refusedAsPage(route, slugs) ? { 'text/html': { schema: ref('Html') } } : {}),
      },
    };
  }
  return responses;
}

function successResponse(route: RouteDoc): Record<string, JsonSchema> {
  const { status, schema, description } = route.response;
  const content = Object.fromEntries(
    Object.entries(typeof schema === 'string' ? { 'application/json': schema } : schema).map(([mediaType, name]) => [mediaType, { schema: ref(name) }]),
  );
  const successHeaders: Record<string, JsonSchema> = {
    ...(route.claimEtag ? { ETag: headerRef('ClaimETag') } : {}),
    ...(route.articleEtag ? { ETag: headerRef('ArticleETag') } : {}),
    ...(route.location ? { Location: headerRef('Location') } : {}),
    ...(route.caching ? { 'Cache-Control': headerRef('CacheControl'), ETag: headerRef('ETag') } : {}),
    ...(route.caching === 'published' ? { 'Last-Modified': headerRef('LastModified'), Vary: headerRef('Vary') } : {}),
    ...(route.rateLimited ? { RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimitPolicy') } : {}),
  };
  const responses: Record<string, JsonSchema> = {
    [status]: { description, ...(Object.keys(successHeaders).length > 0 ? { headers: successHeaders } : {}), content },
  };
  if (route.caching) {
    const { 'Cache-Control': cacheControl, ETag: etag } = successHeaders;
    responses['304'] = { description: 'Not modified: the copy named by If-None-Match (or If-Modified-Since) is current.', headers: { 'Cache-Control': cacheControl, ETag: etag } };
  }
  return responses;
}

function operation(route: RouteDoc): JsonSchema {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    ...(name === 'slug'
      ? { schema: { type: 'string' } }
      : name === 'number'
        ? { description: 'A revision number from 1; anything else answers 404.', schema: { type: 'string', pattern: '^[1-9][0-9]*$' } }
      : { description: 'A UUID; anything else answers 404 like an unknown id.', schema: { type: 'string', format: 'uuid' } }),
  }));
  const parametersOfRoute = [
    ...pathParameters,
    ...(route.query ? queryParameters(route.query) : []),
    ...(route.ifMatch ? [parameterRef('IfMatch')] : []),
    ...(route.caching ? [parameterRef('IfNoneMatch')] : []),
    ...(route.caching === 'published' ? [parameterRef('IfModifiedSince')] : []),
  ];
  const access = route.auth === 'public' ? 'Public: no token.' : `Roles: ${route.auth.join(', ')}.`;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, access].filter(Boolean).join('\n\n'),
    tags: route.tags,
    security: route.auth === 'public' ? [] : [{ bearerAuth: [] }],
    ...(route.auth === 'public' ? {} : { 'x-roles': [...route.auth] }),
    ...(parametersOfRoute.length > 0 ? { parameters: parametersOfRoute } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !route.bodyOptional,
            content: {
              'application/json': {
                schema: route.alternativeBody ? { anyOf: [ref(route.body.name), ref(route.alternativeBody.name)] } : ref(route.body.name),
              },
            },
          },
        }
      : {}),
    ...(route.rawBody
      ? { requestBody: { required: true, content: Object.fromEntries(Object.entries(route.rawBody).map(([type, name]) => [type, { schema: ref(name) }])) } }
      : {}),
    responses: { ...successResponse(route), ...problemResponses(route) },
  };
}

const tagDescriptions: Record<string, string> = {
  Articles: 'News articles whose text claims are anchored to.',
  Claims: 'Checkable claims, anchored to the exact words of an article, with their provenance chain.',
  Evidence: 'Sources a checker read for a claim. Retracted evidence stays on record.',
  Workflow: 'unverified → in_progress → in_review → published (and not_checkable).',
  History: 'The append-only record of every change to a claim.',
  Desk: 'The editors’ views (editors and admins).',
  Ratings: 'The rating scale verdicts use.',
  People: 'Users and their API tokens (admins), and the caller.',
  Webhooks: 'Signed event deliveries to other systems (admins); see docs/webhooks.md.',
  Exports: 'Every claim as CSV or JSON Lines, and other fact-checkers’ ClaimReview imported.',
  Public: 'Published fact-checks, open to anyone, cached and rate-limited.',
  Service: 'Health, metrics, the problem catalogue and this documentation.',
};

/** The OpenAPI 3.1 document of the service, built from the route table, the DTO classes and the response schemas. */
function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation(route);
  }
  const bodies = routes.flatMap((route) => [route.body, route.alternativeBody].filter((body) => body !== undefined));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Claim tracker API',
      version: '1.0.0',
      description: [
        'Fact-check desks: articles, claims anchored to their exact words, provenance chains, evidence and verdicts; and the public feed of published fact-checks.',
        'Every /api/v1 route needs `Authorization: Bearer <token>` (401 without; 403 when the role may not). Every error is an RFC 9457 `application/problem+json` document whose `type` resolves at /problems/{slug}.',
        'Changes to a claim need `If-Match` with the one ETag last read (428 without, 400 for `*` or a list, 412 when stale). A claim in review refuses changes to its text, sources and evidence (409) until it is sent back.',
      ].join('\n\n'),
      // package.json says UNLICENSED: not open source. An SPDX LicenseRef names a licence of one's own.
      license: { name: 'Proprietary: all rights reserved (UNLICENSED)', identifier: 'LicenseRef-Proprietary' },
    },
    tags: Object.entries(tagDescriptions).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: {
        ...responseSchemas,
        ...dtoComponents(bodies),
        OpenApiDocument: {
          type: 'object',
          required: ['openapi', 'info', 'paths', 'components'],
          properties: { openapi: { type: 'string', const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
        },
        Html: { type: 'string', description: 'An HTML page.' },
        PrometheusText: { type: 'string', description: 'Prometheus text exposition format 0.0.4.' },
      },
      headers,
      parameters,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (`ct_…`) from the CLI or POST /api/v1/users.' },
      },
    },
  };
}

let built: JsonSchema | undefined;

/**
 * The document as served to a site: the same for every site but its `servers`, which is the site's base URL
 * (src/public-cache/public-site.ts: PUBLIC_BASE_URL, a PUBLIC_HOSTS entry or http://HOST:port, never a raw Host).
 * The rest is built once per process, at the first app's start-up.
 */
export function openApiDocument(serverUrl: string): JsonSchema {
  const { openapi, info, ...rest } = (built ??= buildOpenApiDocument());
  return { openapi, info, servers: [{ url: serverUrl, description: 'This service, at its configured public URL.' }], ...rest };
}
