import type { ClassConstructor } from 'class-transformer';
import { ListArticlesQuery, CreateArticleDto, UpdateArticleDto } from '../articles/articles.dto';
import { admins, checkers, editorial, readers } from '../auth/authenticate';
import { CreateClaimDto, ListClaimsQuery, UpdateClaimDto } from '../claims/claims.dto';
import { DeskQuery } from '../desk/desk.dto';
import type { ProblemSlug } from '../errors/catalogue';
import { AddEvidenceDto, RetractEvidenceDto } from '../evidence/evidence.dto';
import { PageQuery, WholePageQuery } from '../http/pagination';
import type { Role } from '../users/role';
import { CreateTokenDto, CreateUserDto } from '../users/users.dto';
import { TransitionDto } from '../workflow/transitions.dto';

/**
 * Every route of the service, as the OpenAPI document describes it. One entry per route; the
 * document (./document.ts) adds what follows from the entry: 401/403 from `auth`, 400/413/415/422
 * from `body`, 422 from `query`, 404 from a path parameter, 428/400/412 from `ifMatch`, 429 from
 * `rateLimited`, 503/500 unless `database: false`. `problems` lists the others a route answers with.
 */
export type RouteDoc = {
  operationId: string;
  method: 'get' | 'post' | 'patch';
  /** OpenAPI form: /api/v1/claims/{id}. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** 'public': no token. Otherwise a bearer token of one of these roles. */
  auth: 'public' | readonly Role[];
  body?: ClassConstructor<object>;
  /** The body may be left out altogether (POST /users/{id}/tokens). */
  bodyOptional?: true;
  query?: ClassConstructor<object>;
  /** The success response: a schema name of ./schemas.ts per media type (application/json when a plain name). */
  response: { status: 200 | 201; schema: string | Record<string, string>; description: string };
  problems?: ProblemSlug[];
  /** The success response carries the claim's ETag (for the next If-Match). */
  claimEtag?: true;
  /** A change to a claim: If-Match with the one ETag last read is required (428 without, 400 for * or a list, 412 when stale). */
  ifMatch?: true;
  /** Location header on 201. */
  location?: true;
  /** Public caching: 'published' (fact-checks: ETag, Last-Modified, Vary) or 'static' (ETag); 304 either way. */
  caching?: 'published' | 'static';
  /** PUBLIC_RATE_LIMIT applies: RateLimit headers, 429 with Retry-After. */
  rateLimited?: true;
  /** false: answered without the database (no 503). */
  database?: false;
};

const claimChange = { ifMatch: true, claimEtag: true } as const;

export const routes: RouteDoc[] = [
  // Articles
  {
    operationId: 'createArticle', method: 'post', path: '/api/v1/articles', tags: ['Articles'], auth: checkers,
    summary: 'Store an article',
    description: 'The slug is made from the title when absent. A URL or slug already stored answers 409 with `existingArticleId`.',
    body: CreateArticleDto, response: { status: 201, schema: 'Article', description: 'The article, with zero claim counts.' }, location: true,
    problems: ['duplicate-article'],
  },
  {
    operationId: 'listArticles', method: 'get', path: '/api/v1/articles', tags: ['Articles'], auth: readers,
    summary: 'List articles, newest first, without their bodies', query: ListArticlesQuery,
    response: { status: 200, schema: 'ArticlePage', description: 'A page of articles.' },
  },
  {
    operationId: 'getArticle', method: 'get', path: '/api/v1/articles/{id}', tags: ['Articles'], auth: readers,
    summary: 'One article with its body and claim counts by status',
    response: { status: 200, schema: 'Article', description: 'The article.' },
  },
  {
    operationId: 'updateArticle', method: 'patch', path: '/api/v1/articles/{id}', tags: ['Articles'], auth: checkers,
    summary: 'Change an article’s metadata',
    description:
      'The body may change only while no claim is anchored to it. Published fact-checks keep the article as approved; the change shows on the desk until a correction is approved.',
    body: UpdateArticleDto, response: { status: 200, schema: 'Article', description: 'The article as changed.' },
    problems: ['duplicate-article', 'article-body-locked'],
  },
  {
    operationId: 'listArticleHistory', method: 'get', path: '/api/v1/articles/{id}/history', tags: ['History'], auth: readers,
    summary: 'Every change to an article, oldest first',
    query: WholePageQuery, response: { status: 200, schema: 'ArticleHistoryPage', description: 'A page of the article’s history.' },
  },
  {
    operationId: 'getArticleStatus', method: 'get', path: '/api/v1/articles/{id}/status', tags: ['Desk'], auth: editorial,
    summary: 'Where each claim of an article stands',
    description: 'Its claims in text order with status, rating, proposal, assignee and last change, and counts by status and by published rating.',
    response: { status: 200, schema: 'ArticleStatus', description: 'The article’s claims and counts.' },
  },

  // Claims
  {
    operationId: 'createClaim', method: 'post', path: '/api/v1/articles/{id}/claims', tags: ['Claims'], auth: checkers,
    summary: 'Anchor a claim in an article',
    description:
      'Send `quote` alone and the server finds its single occurrence, or `quote` with `start` and `end` (Unicode code point offsets into the body, end exclusive).',
    body: CreateClaimDto, response: { status: 201, schema: 'Claim', description: 'The claim, with its ETag.' }, location: true, claimEtag: true,
    problems: ['quote-not-found', 'quote-ambiguous', 'quote-mismatch'],
  },
  {
    operationId: 'listClaims', method: 'get', path: '/api/v1/claims', tags: ['Claims'], auth: readers,
    summary: 'List claims, newest first', description: '`q` takes web-search syntax (`"exact phrase"`, `or`, `-not`).',
    query: ListClaimsQuery, response: { status: 200, schema: 'ClaimPage', description: 'A page of claims.' },
  },
  {
    operationId: 'getClaim', method: 'get', path: '/api/v1/claims/{id}', tags: ['Claims'], auth: readers,
    summary: 'One claim with its source chain', response: { status: 200, schema: 'Claim', description: 'The claim, with its ETag.' },
    claimEtag: true,
  },
  {
    operationId: 'updateClaim', method: 'patch', path: '/api/v1/claims/{id}', tags: ['Claims'], auth: checkers,
    summary: 'Change a claim’s summary, claimant, date or source chain',
    description: 'The anchor and the status never change here. `sources` replaces the whole chain.',
    body: UpdateClaimDto, response: { status: 200, schema: 'Claim', description: 'The claim as changed, with its new ETag.' }, ...claimChange,
    problems: ['claim-frozen-in-review'],
  },

  // Evidence
  {
    operationId: 'listEvidence', method: 'get', path: '/api/v1/claims/{id}/evidence', tags: ['Evidence'], auth: readers,
    summary: 'A claim’s evidence, oldest first, retracted items included',
    description: '`limit` defaults to 100, the most a page holds, so a short list comes whole; follow `nextCursor` for the rest.',
    query: WholePageQuery,
    response: { status: 200, schema: 'EvidencePage', description: 'A page of the evidence, with the claim’s ETag.' }, claimEtag: true,
  },
  {
    operationId: 'addEvidence', method: 'post', path: '/api/v1/claims/{id}/evidence', tags: ['Evidence'], auth: checkers,
    summary: 'Add evidence to a claim', body: AddEvidenceDto,
    description: 'A claim holds at most `EVIDENCE_PER_CLAIM_MAX` pieces (200 by default), retracted ones included; one more answers 409 `evidence-limit-reached`.',
    response: { status: 201, schema: 'Evidence', description: 'The evidence, with the claim’s new ETag.' }, ...claimChange,
    problems: ['claim-frozen-in-review', 'evidence-limit-reached'],
  },
  {
    operationId: 'retractEvidence', method: 'post', path: '/api/v1/claims/{id}/evidence/{evidenceId}/retraction', tags: ['Evidence'], auth: checkers,
    summary: 'Retract evidence; it stays on record', body: RetractEvidenceDto,
    response: { status: 200, schema: 'Evidence', description: 'The evidence with its retraction, and the claim’s new ETag.' }, ...claimChange,
    problems: ['evidence-already-retracted', 'claim-frozen-in-review'],
  },

  // Workflow and history
  {
    operationId: 'transitionClaim', method: 'post', path: '/api/v1/claims/{id}/transitions', tags: ['Workflow'], auth: checkers,
    summary: 'Move a claim through the verdict workflow',
    description:
      'unverified → in_progress → in_review → published, with send-back, set-aside, reopen and correction moves. Some moves are for editors only (403); a move not in the table answers 409 with `allowed`, a failed condition 422 with `guard`.',
    body: TransitionDto, response: { status: 200, schema: 'Claim', description: 'The claim in its new status, with its new ETag.' }, ...claimChange,
    problems: ['forbidden', 'transition-not-allowed', 'transition-guard-failed'],
  },
  {
    operationId: 'listHistory', method: 'get', path: '/api/v1/claims/{id}/history', tags: ['History'], auth: readers,
    summary: 'Every change to a claim, oldest first',
    description: '`limit` defaults to 100, the most a page holds, so a short history comes whole; follow `nextCursor` for the rest.',
    query: WholePageQuery, response: { status: 200, schema: 'HistoryPage', description: 'A page of the claim’s history.' },
  },

  // Desk and ratings
  {
    operationId: 'getDesk', method: 'get', path: '/api/v1/desk', tags: ['Desk'], auth: editorial,
    summary: 'The editors’ overview',
    description:
      'The review queue (oldest arrival first, paged by `limit` and `cursor`), work in progress by assignee, stale claims, the verdicts published today (UTC) and published claims whose article changed since; all but the queue show at most `limit` claims.',
    query: DeskQuery, response: { status: 200, schema: 'Desk', description: 'The desk.' },
  },
  {
    operationId: 'getRatingScale', method: 'get', path: '/api/v1/ratings', tags: ['Ratings'], auth: readers,
    summary: 'The current rating scale', response: { status: 200, schema: 'RatingScale', description: 'The scale and its ratings.' },
  },

  // People and tokens
  {
    operationId: 'getMe', method: 'get', path: '/api/v1/me', tags: ['People'], auth: readers,
    summary: 'Who the token belongs to, and the token itself', response: { status: 200, schema: 'Me', description: 'The caller and their token.' },
  },
  {
    operationId: 'listOwnTokens', method: 'get', path: '/api/v1/me/tokens', tags: ['People'], auth: readers,
    summary: 'Your own tokens, without secrets', response: { status: 200, schema: 'TokenList', description: 'Your tokens.' },
  },
  {
    operationId: 'createOwnToken', method: 'post', path: '/api/v1/me/tokens', tags: ['People'], auth: readers,
    summary: 'Make your own token',
    description: 'Sent with a first token (handed out by an admin), the new token replaces it: the first one stops working.',
    body: CreateTokenDto, bodyOptional: true,
    response: { status: 201, schema: 'IssuedToken', description: 'The token and its secret, shown this once.' },
    problems: ['token-limit-reached'],
  },
  {
    operationId: 'revokeOwnToken', method: 'post', path: '/api/v1/me/tokens/{id}/revoke', tags: ['People'], auth: readers,
    summary: 'Revoke one of your own tokens', description: 'Another person’s token id answers 404.',
    response: { status: 200, schema: 'Token', description: 'The token, revoked.' },
  },
  {
    operationId: 'listUsers', method: 'get', path: '/api/v1/users', tags: ['People'], auth: admins,
    summary: 'List people', response: { status: 200, schema: 'UserList', description: 'Every user.' },
  },
  {
    operationId: 'createUser', method: 'post', path: '/api/v1/users', tags: ['People'], auth: admins,
    summary: 'Create a person and their first token',
    description: 'The first token only lets its owner read /me and make their own token (POST /api/v1/me/tokens), which ends it.',
    body: CreateUserDto,
    response: { status: 201, schema: 'CreatedUser', description: 'The user and the first token’s secret, shown this once.' }, location: true,
    problems: ['duplicate-user'],
  },
  {
    operationId: 'getUser', method: 'get', path: '/api/v1/users/{id}', tags: ['People'], auth: admins,
    summary: 'One person', response: { status: 200, schema: 'User', description: 'The user.' },
  },
  {
    operationId: 'listTokens', method: 'get', path: '/api/v1/users/{id}/tokens', tags: ['People'], auth: admins,
    summary: 'A person’s tokens, without secrets', response: { status: 200, schema: 'TokenList', description: 'The tokens.' },
  },
  {
    operationId: 'createToken', method: 'post', path: '/api/v1/users/{id}/tokens', tags: ['People'], auth: admins,
    summary: 'Issue a new first token to a person who holds none',
    description: 'A first token must be replaced by its owner before it does anything else. While the person holds an unrevoked token: 409.',
    body: CreateTokenDto, bodyOptional: true,
    response: { status: 201, schema: 'IssuedToken', description: 'The first token and its secret, shown this once.' },
    problems: ['person-has-token'],
  },
  {
    operationId: 'revokeToken', method: 'post', path: '/api/v1/tokens/{id}/revoke', tags: ['People'], auth: admins,
    summary: 'Revoke a token', response: { status: 200, schema: 'Token', description: 'The token, revoked.' },
  },

  // The public face
  {
    operationId: 'getFeed', method: 'get', path: '/feed.json', tags: ['Public'], auth: 'public',
    summary: 'JSON Feed of published fact-checks, newest change first', description: '`next_url` links the next page.',
    query: PageQuery, response: { status: 200, schema: { 'application/feed+json': 'Feed' }, description: 'A page of the feed.' },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter'],
  },
  {
    operationId: 'getHomePage', method: 'get', path: '/', tags: ['Public'], auth: 'public',
    summary: 'The latest published fact-checks, as a page for people',
    description: 'HTML, newest change first, 20 a page; `cursor` (from the page’s “Older” link) continues. A refused query is the page again with the reason, in the Problem’s status.',
    response: { status: 200, schema: { 'text/html': 'Html' }, description: 'The page.' },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter'],
  },
  {
    operationId: 'searchFactCheckPages', method: 'get', path: '/fact-checks', tags: ['Public'], auth: 'public',
    summary: 'Published fact-checks, searched, as a page for people',
    description: 'HTML; `q` (at most 200 characters, websearch syntax) matches the published quote, summary and claimant; `cursor` continues. Search pages are served, not kept in the public cache.',
    response: { status: 200, schema: { 'text/html': 'Html' }, description: 'The page.' },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter'],
  },
  {
    operationId: 'getFactCheck', method: 'get', path: '/fact-checks/{id}', tags: ['Public'], auth: 'public',
    summary: 'One published fact-check',
    description:
      'As JSON, with `Accept: application/ld+json` its schema.org ClaimReview alone, with `Accept: text/html` its page for people ' +
      '(in the `lang` cookie’s language, else Accept-Language’s). Unpublished and unknown ids answer the same 404 (a page for HTML).',
    response: {
      status: 200,
      schema: { 'application/json': 'FactCheck', 'application/ld+json': 'ClaimReview', 'text/html': 'Html' },
      description: 'The fact-check.',
    },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter'],
  },

  // The service
  {
    operationId: 'getHealth', method: 'get', path: '/health', tags: ['Service'], auth: 'public',
    summary: 'Whether the database answers (within 2 s)', response: { status: 200, schema: 'Health', description: 'The database answers.' },
  },
  {
    operationId: 'getMetrics', method: 'get', path: '/metrics', tags: ['Service'], auth: admins,
    summary: 'Metrics in the Prometheus text format',
    description:
      'Requests by method, route pattern and status (count and duration histogram), the database pool, public cache hits and misses, and the process (memory, CPU, event loop lag). A scraper sends `METRICS_TOKEN` as its bearer token instead of an admin’s.',
    response: { status: 200, schema: { 'text/plain': 'PrometheusText' }, description: 'The metrics, as of now.' },
  },
  {
    operationId: 'listProblemTypes', method: 'get', path: '/problems', tags: ['Service'], auth: 'public', database: false,
    summary: 'Every problem type the API answers with', response: { status: 200, schema: 'ProblemTypes', description: 'The catalogue.' },
  },
  {
    operationId: 'getProblemType', method: 'get', path: '/problems/{slug}', tags: ['Service'], auth: 'public', database: false,
    summary: 'What a problem `type` means', response: { status: 200, schema: 'ProblemType', description: 'The problem type.' },
  },
  {
    operationId: 'getOpenApiDocument', method: 'get', path: '/openapi.json', tags: ['Service'], auth: 'public', database: false,
    summary: 'This OpenAPI 3.1 document', response: { status: 200, schema: 'OpenApiDocument', description: 'The document.' },
    caching: 'static',
  },
  {
    operationId: 'getDocs', method: 'get', path: '/docs', tags: ['Service'], auth: 'public', database: false,
    summary: 'Interactive documentation of this API (Swagger UI, served locally)',
    response: { status: 200, schema: { 'text/html': 'Html' }, description: 'The page.' }, caching: 'static',
  },
  {
    operationId: 'getFeedExtensions', method: 'get', path: '/docs/feed-extensions', tags: ['Public'], auth: 'public', database: false,
    summary: 'What the feed’s `_claimreview` and `_corrections` extensions hold',
    description: 'The `about` URL of both extension objects of /feed.json points here (#claimreview, #corrections).',
    response: { status: 200, schema: { 'text/html': 'Html' }, description: 'The page.' }, caching: 'static',
  },
];
