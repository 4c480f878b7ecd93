import type { ClassConstructor } from 'class-transformer';
import { ListArticlesQuery, CreateArticleDto, ReviseArticleBodyDto, UpdateArticleDto } from '../articles/articles.dto';
import { admins, checkers, editorial, readers } from '../auth/authenticate';
import { CandidatesQuery, CreateClaimFromCandidateDto } from '../candidates/candidates.dto';
import { defaultMinScore } from '../candidates/find-candidates';
import { CreateClaimDto, ListClaimsQuery, UpdateClaimDto } from '../claims/claims.dto';
import { DeskQuery } from '../desk/desk.dto';
import { ExportClaimsQuery } from '../exports/exports.dto';
import { ClaimReviewFeedQuery } from '../feed/claim-review-feed';
import type { ProblemSlug } from '../errors/catalogue';
import { AddEvidenceDto, RetractEvidenceDto } from '../evidence/evidence.dto';
import { PageQuery, WholePageQuery } from '../http/pagination';
import type { Role } from '../users/role';
import { CreateTokenDto, CreateUserDto } from '../users/users.dto';
import { TransitionDto } from '../workflow/transitions.dto';
import { CreateWebhookDto, UpdateWebhookDto } from '../webhooks/webhooks.dto';
import { FactCheckSearchQuery } from '../fact-checks/fact-check-search.dto';
import { SimilarQuery } from '../similar/similar.routes';

/**
 * Every route of the service, as the OpenAPI document describes it. One entry per route; the
 * document (./document.ts) adds what follows from the entry: 401/403 from `auth`, 400/413/415/422
 * from `body`, 422 from `query`, 404 from a path parameter, 428/400/412 from `ifMatch`, 429 from
 * `rateLimited`, 503/500 unless `database: false`. `problems` lists the others a route answers with.
 */
export type RouteDoc = {
  operationId: string;
  method: 'get' | 'post' | 'patch' | 'put';
  /** OpenAPI form: /api/v1/claims/{id}. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** 'public': no token. Otherwise a bearer token of one of these roles. */
  auth: 'public' | readonly Role[];
  body?: ClassConstructor<object>;
  /** Another shape the body may take instead (POST /articles/{id}/claims: a quote, or `fromCandidate`). */
  alternativeBody?: ClassConstructor<object>;
  /** A body read as it is rather than as a JSON DTO: a schema name of ./schemas.ts per media type. */
  rawBody?: Record<string, string>;
  /** The body may be left out altogether (POST /users/{id}/tokens). */
  bodyOptional?: true;
  query?: ClassConstructor<object>;
  /** The success response: a schema name of ./schemas.ts per media type (application/json when a plain name). */
  response: { status: 200 | 201; schema: string | Record<string, string>; description: string };
  problems?: ProblemSlug[];
  /** The problems a page for people answers as itself (text/html, in the problem's status) rather than as problem+json. */
  pageProblems?: ProblemSlug[];
  /** The success response carries the claim's ETag (for the next If-Match). */
  claimEtag?: true;
  /** The success response carries the article's ETag (for a body revision's If-Match). */
  articleEtag?: true;
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
    response: { status: 200, schema: 'Article', description: 'The article, with its ETag.' }, articleEtag: true,
  },
  {
    operationId: 'updateArticle', method: 'patch', path: '/api/v1/articles/{id}', tags: ['Articles'], auth: checkers,
    summary: 'Change an article’s metadata',
    description:
      'The body may change here only while no claim is anchored to it (after that, PUT /api/v1/articles/{id}/body). Published fact-checks keep the article as approved; the change shows on the desk until a correction is approved.',
    body: UpdateArticleDto, response: { status: 200, schema: 'Article', description: 'The article as changed, with its ETag.' }, articleEtag: true,
    problems: ['duplicate-article', 'article-body-locked'],
  },
  {
    operationId: 'reviseArticleBody', method: 'put', path: '/api/v1/articles/{id}/body', tags: ['Articles'], auth: checkers, ifMatch: true,
    summary: 'Replace the body with a new revision and re-anchor every claim',
    description:
      'Needs `If-Match` with the article’s ETag. Earlier bodies are kept as revisions. Each claim is mapped through a word diff of the two texts: words still there move to their new offsets (claim event `anchor.moved`), changed or removed ones leave the claim `anchorStatus: "lost"` with its quote (`anchor.lost`, and the desk’s `needsAttention`). Claims in review are re-anchored too, so their proposal no longer matches and approval answers `proposal-changed`. The same body again changes nothing.',
    body: ReviseArticleBodyDto, response: { status: 200, schema: 'RevisedArticle', description: 'The article as revised, with its ETag and the claims moved and lost.' }, articleEtag: true,
  },
  {
    operationId: 'listArticleRevisions', method: 'get', path: '/api/v1/articles/{id}/revisions', tags: ['Articles'], auth: readers,
    summary: 'Every body the article has had, oldest first, without the bodies',
    query: WholePageQuery, response: { status: 200, schema: 'ArticleRevisionPage', description: 'A page of revisions.' },
  },
  {
    operationId: 'getArticleRevision', method: 'get', path: '/api/v1/articles/{id}/revisions/{number}', tags: ['Articles'], auth: readers,
    summary: 'One revision of the article, with its body',
    response: { status: 200, schema: 'ArticleRevision', description: 'The revision.' },
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

  {
    operationId: 'listArticleCandidates', method: 'get', path: '/api/v1/articles/{id}/candidates', tags: ['Claims'], auth: readers,
    summary: 'Sentences of an article worth checking, in text order',
    description:
      'Each candidate is a sentence with its check-worthiness `score` (0–1), the named cues behind it (`reasons`, with offsets), the `claimant` and proposed source chain when the text says who, ' +
      'and `claimId` when a claim already overlaps it. Found from the article’s text and per-language cue lists alone (docs/candidates.md); `minScore` defaults to ' + String(defaultMinScore) + '. ' +
      'A long body is read by a worker thread from a bounded queue, two a person: beyond that 503 `candidates-busy`.',
    query: CandidatesQuery, response: { status: 200, schema: 'CandidateList', description: 'The candidates at or above `minScore`.' },
    problems: ['candidates-busy'],
  },

  // Claims
  {
    operationId: 'createClaim', method: 'post', path: '/api/v1/articles/{id}/claims', tags: ['Claims'], auth: checkers,
    summary: 'Anchor a claim in an article',
    description:
      'Send `quote` alone and the server finds its single occurrence, or `quote` with `start` and `end` (Unicode code point offsets into the body, end exclusive). ' +
      'Or send `fromCandidate: {start, end}` (a candidate of GET /articles/{id}/candidates): the claim takes the candidate’s quote, claimant and source chain; ' +
      '`claimant`, `sources`, `summary`, `claimDate` and `language` given beside it replace what the candidate proposes. Offsets that are no candidate answer 422 `candidate-not-found`.',
    body: CreateClaimDto, alternativeBody: CreateClaimFromCandidateDto,
    response: { status: 201, schema: 'CreatedClaim', description: 'The claim, with its ETag, and `similar`: up to 5 earlier claims or published fact-checks worded like it.' },
    location: true, claimEtag: true,
    problems: ['quote-not-found', 'quote-ambiguous', 'quote-mismatch', 'candidate-not-found', 'candidates-busy', 'article-changed'],
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
      'unverified → in_progress → in_review → published, with send-back, set-aside, reopen and correction moves. Some moves are for editors only (403); a move not in the table answers 409 with `allowed`, a failed condition 422 with `guard`. ' +
      'To answer a repeated claim with an earlier fact-check, propose `{"to": "in_review", "matchOf": "<published claim id>"}`: the rating and rationale come from that fact-check’s verdict, and its corrections flow to this claim once published.',
    body: TransitionDto, response: { status: 200, schema: 'Claim', description: 'The claim in its new status, with its new ETag.' }, ...claimChange,
    problems: ['forbidden', 'transition-not-allowed', 'transition-guard-failed'],
  },
  {
    operationId: 'listSimilarClaims', method: 'get', path: '/api/v1/claims/{id}/similar', tags: ['Claims'], auth: readers,
    summary: 'Earlier claims and published fact-checks worded like this one, best first',
    description: 'Trigram similarity of the normalised quote (case, accents, punctuation, digit grouping ignored) with full-text rank in the claim’s language; each with its score, status and published rating.',
    query: SimilarQuery, response: { status: 200, schema: 'SimilarClaimList', description: 'Similar claims, best first; imported fact-checks of other organisations apart, in `external`.' },
    problems: ['similarity-busy'],
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

  // Exports and imports
  {
    operationId: 'exportClaimsCsv', method: 'get', path: '/api/v1/exports/claims.csv', tags: ['Exports'], auth: editorial,
    summary: 'Every claim the filters select, as CSV',
    description:
      'The filters of GET /api/v1/claims, no paging: every matching claim, newest first, streamed. RFC 4180 (CRLF, quotes), UTF-8, `bom=1` for a byte order mark; a cell starting with = + - @, tab or CR gets a leading `\'` so that spreadsheets do not run it. An error after the first bytes cuts the connection. One export at a time a person, EXPORT_CONCURRENCY at once an instance.',
    query: ExportClaimsQuery, response: { status: 200, schema: { 'text/csv': 'CsvExport' }, description: 'The claims, one row each, as a download.' },
    problems: ['export-running', 'exports-busy'],
  },
  {
    operationId: 'exportClaimsJsonl', method: 'get', path: '/api/v1/exports/claims.jsonl', tags: ['Exports'], auth: editorial,
    summary: 'Every claim the filters select, as JSON Lines',
    description: 'As the CSV, one JSON object a line (sources, article and assignee as objects), text as written (no formula neutralising).',
    query: ExportClaimsQuery, response: { status: 200, schema: { 'application/jsonl': 'JsonLinesExport' }, description: 'The claims, one a line, as a download.' },
    problems: ['export-running', 'exports-busy'],
  },
  {
    operationId: 'importClaimReview', method: 'post', path: '/api/v1/imports/claimreview', tags: ['Exports'], auth: ['editor'],
    summary: 'Import other fact-checkers’ ClaimReview',
    description:
      'One ClaimReview, an array, a `@graph`, a schema.org DataFeed, or an HTML page embedding `application/ld+json` scripts, at most `IMPORT_BODY_LIMIT` bytes (10 MB). Stored as external fact-checks, one per review URL (importing again updates). Each record is checked on its own: bad ones are refused with their position and reason, the good ones imported in one transaction. One import at a time a person, IMPORT_CONCURRENCY at once an instance.',
    rawBody: { 'application/ld+json': 'ClaimReviewImport', 'application/json': 'ClaimReviewImport', 'text/html': 'Html' },
    response: { status: 200, schema: 'ImportSummary', description: 'What was created, updated, left unchanged and refused.' },
    problems: ['malformed-json', 'invalid-encoding', 'payload-too-large', 'unsupported-media-type', 'validation-failed', 'import-running', 'imports-busy'],
  },

  // People and tokens
  {
    operationId: 'getMe', method: 'get', path: '/api/v1/me', tags: ['People'], auth: readers,
    summary: 'Who the token belongs to, and the token itself', response: { status: 200, schema: 'Me', description: 'The caller and their token.' },
  },
  {
    operationId: 'listOwnClaims', method: 'get', path: '/api/v1/me/claims', tags: ['Desk'], auth: readers,
    summary: 'Your own open work',
    description: 'The claims assigned to you that are in progress or in review, at most 100, oldest first, split as the /my page splits them: those an editor sent back to you (their last move was in_review → in_progress), and the rest.',
    response: { status: 200, schema: 'MyClaims', description: 'Your claims.' },
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
    operationId: 'createPasswordLink', method: 'post', path: '/api/v1/users/{id}/password-link', tags: ['People'], auth: admins,
    summary: 'A one-time link for a person to choose their password',
    description: 'Opened in a browser, it sets the person’s password and ends their sessions. A new link ends the person’s earlier ones. A disabled person: 409.',
    response: { status: 201, schema: 'PasswordLink', description: 'The link, shown this once, and when it expires.' },
    problems: ['person-disabled'],
  },
  {
    operationId: 'disableUser', method: 'post', path: '/api/v1/users/{id}/disable', tags: ['People'], auth: admins,
    summary: 'Disable a person: their tokens stop working and their sessions end at once',
    description: 'The tokens are not revoked: enabling the person restores them. The last enabled admin cannot be disabled (409).',
    response: { status: 200, schema: 'User', description: 'The person, disabled.' },
    problems: ['last-admin'],
  },
  {
    operationId: 'enableUser', method: 'post', path: '/api/v1/users/{id}/enable', tags: ['People'], auth: admins,
    summary: 'Enable a disabled person again', response: { status: 200, schema: 'User', description: 'The person, enabled.' },
  },
  {
    operationId: 'endUserSessions', method: 'post', path: '/api/v1/users/{id}/sessions/end', tags: ['People'], auth: admins,
    summary: 'Sign a person out of every browser', description: 'Their tokens keep working; disable the person to stop those too.',
    response: { status: 200, schema: 'EndedSessions', description: 'How many sessions ended.' },
  },
  {
    operationId: 'revokeToken', method: 'post', path: '/api/v1/tokens/{id}/revoke', tags: ['People'], auth: admins,
    summary: 'Revoke a token', response: { status: 200, schema: 'Token', description: 'The token, revoked.' },
  },

  // Webhooks
  {
    operationId: 'listWebhooks', method: 'get', path: '/api/v1/webhooks', tags: ['Webhooks'], auth: admins,
    summary: 'List webhook subscriptions, without their secrets', response: { status: 200, schema: 'WebhookList', description: 'Every subscription.' },
  },
  {
    operationId: 'createWebhook', method: 'post', path: '/api/v1/webhooks', tags: ['Webhooks'], auth: admins,
    summary: 'Subscribe a URL to events',
    description:
      'Public events (`claim.published`, `claim.corrected`) carry the published fact-check; desk events (`claim.created`, `claim.status_changed`, `evidence.added`, `article.revised`) the desk’s view, drafts included. A URL resolving to a loopback, private, link-local or metadata address answers 422 unless `WEBHOOK_ALLOW_PRIVATE_TARGETS`. At most 50 active subscriptions.',
    body: CreateWebhookDto,
    response: { status: 201, schema: 'IssuedWebhook', description: 'The subscription and its signing secret, shown this once.' }, location: true,
    problems: ['webhook-target-refused', 'webhook-limit-reached'],
  },
  {
    operationId: 'getWebhook', method: 'get', path: '/api/v1/webhooks/{id}', tags: ['Webhooks'], auth: admins,
    summary: 'One subscription: whether it is active, and why not', response: { status: 200, schema: 'Webhook', description: 'The subscription.' },
  },
  {
    operationId: 'updateWebhook', method: 'patch', path: '/api/v1/webhooks/{id}', tags: ['Webhooks'], auth: admins,
    summary: 'Change a subscription’s URL, events or description, or turn it off and on',
    description: '`active: true` turns back on a subscription the service turned off for failing, and clears the reason; its waiting deliveries are sent.',
    body: UpdateWebhookDto, response: { status: 200, schema: 'Webhook', description: 'The subscription as changed.' },
    problems: ['webhook-target-refused', 'webhook-limit-reached'],
  },
  {
    operationId: 'rotateWebhookSecret', method: 'post', path: '/api/v1/webhooks/{id}/rotate-secret', tags: ['Webhooks'], auth: admins,
    summary: 'Issue a new signing secret',
    description: 'Deliveries are signed with the new and the old secret (two signatures) until `previousSecretExpiresAt` (WEBHOOK_SECRET_OVERLAP_MS).',
    response: { status: 200, schema: 'IssuedWebhook', description: 'The subscription and its new secret, shown this once.' },
  },
  {
    operationId: 'listWebhookDeliveries', method: 'get', path: '/api/v1/webhooks/{id}/deliveries', tags: ['Webhooks'], auth: admins,
    summary: 'A subscription’s deliveries, newest first, each with its attempts',
    query: PageQuery, response: { status: 200, schema: 'WebhookDeliveryPage', description: 'A page of deliveries.' },
  },
  {
    operationId: 'redeliverWebhook', method: 'post', path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', tags: ['Webhooks'], auth: admins,
    summary: 'Send a delivered or dead-lettered delivery again, with a fresh round of retries',
    response: { status: 200, schema: 'WebhookDelivery', description: 'The delivery, pending again.' },
    problems: ['delivery-pending'],
  },

  // The public face
  {
    operationId: 'getFeed', method: 'get', path: '/feed.json', tags: ['Public'], auth: 'public',
    summary: 'JSON Feed of published fact-checks, newest change first', description: '`next_url` links the next page.',
    query: PageQuery, response: { status: 200, schema: { 'application/feed+json': 'Feed' }, description: 'A page of the feed.' },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter'],
  },
  {
    operationId: 'getClaimReviewFeed', method: 'get', path: '/claimreview.jsonld', tags: ['Public'], auth: 'public',
    summary: 'Every published fact-check as a schema.org DataFeed of ClaimReview',
    description: 'Newest change first, 1,000 a page; `hydra:next` links the next page when there is one.',
    query: ClaimReviewFeedQuery, response: { status: 200, schema: { 'application/ld+json': 'ClaimReviewFeed' }, description: 'A page of the DataFeed.' },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter'],
  },
  {
    operationId: 'getHomePage', method: 'get', path: '/', tags: ['Public'], auth: 'public',
    summary: 'The latest published fact-checks, as a page for people',
    description: 'HTML, newest change first, 20 a page; `cursor` (from the page’s “Older” link) continues. A refused query is the page again with the reason, in the Problem’s status. ' +
      'Parameters it does not take (a shared link’s `utm_source`, `fbclid`) are ignored.',
    response: { status: 200, schema: { 'text/html': 'Html' }, description: 'The page.' },
    caching: 'published', rateLimited: true, problems: ['validation-failed'], pageProblems: ['validation-failed'],
  },
  {
    operationId: 'searchFactChecks', method: 'get', path: '/fact-checks', tags: ['Public'], auth: 'public',
    summary: 'Has this been checked? Published fact-checks worded like `q`, best first',
    description: 'Only published fact-checks can match; `nextUrl` links the next page. Cached per normalised query. ' +
      'A browser (Accept: text/html first) gets the search page instead, where `q` matches the published quote, summary and claimant; ' +
      'a refused query is the page again with the reason, and parameters it does not take are ignored (JSON refuses them).',
    query: FactCheckSearchQuery, response: { status: 200, schema: { 'application/json': 'FactCheckSearch', 'text/html': 'Html' }, description: 'A page of hits.' },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter', 'similarity-busy'], pageProblems: ['validation-failed'],
  },
  {
    operationId: 'getFactCheck', method: 'get', path: '/fact-checks/{id}', tags: ['Public'], auth: 'public',
    summary: 'One published fact-check',
    description:
      'As JSON, with `Accept: application/ld+json` its schema.org ClaimReview alone, with `Accept: text/html` its page for people ' +
      '(in the `lang` cookie’s language, else Accept-Language’s). Unpublished and unknown ids answer the same 404 (a page for HTML). ' +
      'It takes no query: JSON refuses a parameter, the page ignores it (a shared link’s `utm_source`, `fbclid`).',
    response: {
      status: 200,
      schema: { 'application/json': 'FactCheck', 'application/ld+json': 'ClaimReview', 'text/html': 'Html' },
      description: 'The fact-check.',
    },
    caching: 'published', rateLimited: true, problems: ['unknown-parameter', 'not-found'], pageProblems: ['not-found'],
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
