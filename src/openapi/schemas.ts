import { claimantBases } from '../candidates/attribution';
import { cueNames } from '../candidates/reasons';
import { claimStatuses } from '../claims/claim-status';
import { sourceKinds } from '../claims/source-kind';
import type { ClaimEventAction } from '../history/claim-event.entity';
import { stances } from '../evidence/stance';
import { issuedVias, revokedVias } from '../users/api-token.entity';
import { roles } from '../users/role';
import { deliveryStatuses } from '../webhooks/webhook-delivery.entity';
import { webhookEvents } from '../webhooks/webhook-events';

/**
 * JSON Schemas (2020-12, the dialect of OpenAPI 3.1) of what the presenters answer. Objects are closed
 * (additionalProperties: false) so that the tests notice a presenter field the document does not name.
 */
export type JsonSchema = { [keyword: string]: unknown };

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const nullable = (schema: JsonSchema): JsonSchema =>
  typeof schema.type === 'string'
    ? { ...schema, type: [schema.type, 'null'], ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}) }
    : { anyOf: [schema, { type: 'null' }] };
const text = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const integer = (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) });
const boolean: JsonSchema = { type: 'boolean' };
const number: JsonSchema = { type: 'number' };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const uri: JsonSchema = { type: 'string', format: 'uri' };
const time = (description?: string): JsonSchema => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
const date: JsonSchema = { type: 'string', format: 'date' };
const sha256 = (of: string): JsonSchema => ({ type: 'string', pattern: '^[0-9a-f]{64}$', description: `Hex SHA-256 of the UTF-8 bytes of ${of}.` });
const oneOf = (values: readonly string[], description?: string): JsonSchema => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const constant = (value: string): JsonSchema => ({ type: 'string', const: value });
const array = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** A closed object; every property is required except those named in `optional`. */
function object(properties: Record<string, JsonSchema>, optional: string[] = [], description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

const list = (item: string): JsonSchema => object({ items: array(ref(item)) });
const page = (item: string): JsonSchema =>
  object({ items: array(ref(item)), nextCursor: nullable(text('Pass back as `cursor` for the next page; null on the last page.')) });

const webhook = {
  id: uuid,
  url: uri,
  events: array(oneOf(webhookEvents)),
  deskEvents: { ...boolean, description: 'Whether it takes desk events, whose payloads hold the desk’s drafts.' },
  description: nullable(text()),
  active: boolean,
  disabledReason: nullable(text('Why the service turned it off (failing for WEBHOOK_DISABLE_AFTER_MS).')),
  failingSince: nullable(time('The first failure since its last success.')),
  secretHint: text('The first characters of the signing secret.'),
  previousSecretExpiresAt: nullable(time('After a rotation: until then the old secret signs too.')),
  createdBy: uuid,
  createdAt: time(),
  updatedAt: time(),
};

const eventActions: ClaimEventAction[] = ['claim.created', 'claim.updated', 'evidence.added', 'evidence.retracted', 'status.changed', 'anchor.moved', 'anchor.lost', 'verdict.followed'];
const claimStatus = oneOf(claimStatuses);
const claimCounts = object(Object.fromEntries([...claimStatuses, 'total'].map((status) => [status, integer()])), [], 'Claims by status, zeros included.');

const claimProperties: Record<string, JsonSchema> = {
  id: uuid,
  articleId: uuid,
  quote: text('The exact text of the article body between start and end.'),
  start: integer('Offset in Unicode code points into the article body.'),
  end: integer('Exclusive end offset, in code points.'),
  anchorStatus: oneOf(['anchored', 'lost'], 'lost: a revision of the article changed or removed the quoted words; the quote is kept and start/end point into the revision before it.'),
  quoteSha256: sha256('the quote'),
  summary: nullable(text()),
  claimant: text(),
  claimDate: nullable(date),
  language: text(),
  status: claimStatus,
  assigneeId: nullable(uuid),
  proposal: nullable(
    object(
      {
        rating: text(),
        ratingScaleVersion: nullable(integer()),
        rationale: nullable(text()),
        proposedBy: nullable(uuid),
        matchOf: nullable({ ...uuid, description: 'A match proposal: the published fact-check whose verdict this is.' }),
      },
      [],
      'The verdict proposed for review.',
    ),
  ),
  matchOf: nullable({ ...uuid, description: 'Published as a match of this fact-check: its verdict and corrections are this claim’s.' }),
  rating: nullable(text('The published rating.')),
  ratingScaleVersion: nullable(integer()),
  firstPublishedAt: nullable(time()),
  lastPublishedAt: nullable(time()),
  version: integer('Goes up with every change; the ETag is "v<version>".'),
  sources: { ...array(ref('SourceHop')), description: 'The provenance chain, origin first.' },
  createdAt: time(),
  updatedAt: time(),
};

const articleSummary = {
  id: uuid,
  slug: text(),
  url: nullable(uri),
  title: text(),
  publisher: nullable(text()),
  language: text('BCP 47 language tag.'),
  publishedAt: nullable(time()),
  bodySha256: sha256('the body'),
  version: integer('Bumped on every change; the ETag ("v3") a body revision sends in If-Match.'),
  revision: integer('The number of the body’s revision, from 1 (GET /api/v1/articles/{id}/revisions).'),
  revisedAt: nullable(time('When the body was last replaced by a revision; null while it is the first.')),
  createdAt: time(),
  updatedAt: time(),
};

const revisionSummary = {
  number: integer('1 is the body the article was created with.'),
  bodySha256: sha256('that body'),
  actor: nullable(object({ id: uuid, name: nullable(text()) }, [], 'Null for the system itself (the seed import, and first revisions recorded by the migration).')),
  createdAt: time('When the body became current.'),
};

const sourceHop = {
  position: integer('0 is the origin of the chain.'),
  name: text(),
  kind: oneOf(sourceKinds),
  url: nullable(uri),
  note: nullable(text()),
};

const token = {
  id: uuid,
  userId: uuid,
  prefix: text('The first characters of the secret, to tell tokens apart.'),
  label: nullable(text()),
  issuedVia: oneOf(issuedVias, 'self: its owner made it; admin: a first token an admin handed out; cli: the operator; legacy: before issuers were recorded.'),
  issuedBy: nullable({ ...uuid, description: 'The person who issued it; null for the operator and legacy tokens.' }),
  createdWithTokenId: nullable({ ...uuid, description: 'The token its owner was holding when they made it (e.g. the first token it replaced).' }),
  mustReplace: { ...boolean, description: 'A first token: it may only read /me and make its owner’s own token.' },
  createdAt: time(),
  revokedAt: nullable(time()),
  revokedVia: nullable(oneOf(revokedVias, 'self, admin, cli, or replaced (its owner made their own token with it).')),
  revokedBy: nullable({ ...uuid, description: 'The person who revoked it; null for the operator.' }),
};

const deskClaim = {
  id: uuid,
  article: object({ id: uuid, title: text() }),
  quote: text(),
  claimant: text(),
  status: claimStatus,
  rating: nullable(text()),
  assignee: nullable(ref('PersonRef')),
  version: integer(),
  lastChange: nullable(ref('LastChange')),
};

const thing = (type: string, properties: Record<string, JsonSchema>, optional: string[] = []) =>
  object({ '@type': constant(type), ...properties }, optional);
const agent: JsonSchema = object({ '@type': oneOf(['Person', 'Organization']), name: text() });

const aboutExtension = (name: string): JsonSchema => ({
  ...uri,
  pattern: `/docs/feed-extensions#${name}$`,
  description: 'Where the extension is described (JSON Feed 1.1: extension objects should carry `about`).',
});

export const responseSchemas: Record<string, JsonSchema> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details. `type` resolves at /problems/{slug}; extensions depend on the type.',
    properties: {
      type: { type: 'string', format: 'uri-reference', pattern: '^/problems/[a-z-]+$' },
      title: text(),
      status: integer(),
      detail: text(),
      errors: array({
        oneOf: [
          object({ pointer: text('JSON Pointer (as a URI fragment) to the body field, e.g. #/sources/0/kind.'), detail: text() }),
          object({ parameter: text('The query parameter.'), detail: text() }),
        ],
      }),
      truncated: { type: 'boolean', description: 'validation-failed: more errors were found than are listed (at most 20), or the body was refused before all of it was read.' },
      existingArticleId: { ...uuid, description: 'duplicate-article: the article that has the URL or slug.' },
      existingUserId: { ...uuid, description: 'duplicate-user: the user with the name.' },
      unrevokedTokens: integer('person-has-token: how many tokens the person still holds.'),
      limit: integer('token-limit-reached: the most working tokens one person may hold.'),
      currentEtag: text('precondition-failed: the claim’s current ETag.'),
      from: claimStatus,
      to: claimStatus,
      allowed: { ...array(claimStatus), description: 'transition-not-allowed: the moves from the current status.' },
      guard: text('transition-guard-failed: the condition that is not met.'),
      start: integer(),
      end: integer(),
      found: text('quote-mismatch: the body text at the given offsets.'),
      candidates: { ...array(object({ start: integer(), end: integer() })), description: 'Where the quote does occur (code point offsets).' },
    },
    required: ['type', 'title', 'status'],
  },
  ProblemType: object({ type: text(), status: integer(), title: text() }),
  ProblemTypes: array(ref('ProblemType')),
  Health: object({ status: constant('ok'), database: oneOf(['embedded', 'postgres']) }),

  ClaimCounts: claimCounts,
  ArticleSummary: object(articleSummary),
  Article: object({ ...articleSummary, body: text(), claimCounts: ref('ClaimCounts') }),
  ArticlePage: page('ArticleSummary'),
  RevisedArticle: object({
    ...articleSummary,
    body: text(),
    claimCounts: ref('ClaimCounts'),
    anchors: object({
      moved: { ...array(uuid), description: 'Claims whose words the revision kept at new offsets (event anchor.moved).' },
      lost: { ...array(uuid), description: 'Claims whose words the revision changed or removed: anchorStatus "lost" (event anchor.lost).' },
    }),
  }),
  ArticleRevisionSummary: object(revisionSummary),
  ArticleRevision: object({ ...revisionSummary, body: text() }),
  ArticleRevisionPage: page('ArticleRevisionSummary'),

  SourceHop: object(sourceHop),
  Claim: object(claimProperties),
  CreatedClaim: object({
    ...claimProperties,
    similar: { ...nullable(array(ref('SimilarClaim'))), description: 'Null when the similarity search was busy or too slow (the claim is stored all the same; GET /api/v1/claims/{id}/similar later).' },
  }),
  SimilarClaim: object({
    id: uuid,
    score: { type: 'number', minimum: 0, maximum: 1, description: '0.75 × trigram similarity + 0.25 × full-text rank (0–1), rounded to 4 places.' },
    trigramSimilarity: { type: 'number', minimum: 0, maximum: 1 },
    quote: text(),
    summary: nullable(text()),
    claimant: text(),
    language: text(),
    status: claimStatus,
    publishedRating: nullable(object({ rating: text(), label: text() })),
    lastPublishedAt: nullable(time()),
    matchOf: nullable(uuid),
  }),
  SimilarClaimList: object({
    items: array(ref('SimilarClaim')),
    external: { ...array(ref('ExternalFactCheckMatch')), description: 'Fact-checks of other organisations (imported ClaimReview) worded like this claim, most similar first, at most 5: never verdicts of this desk.' },
  }),
  ExternalFactCheckMatch: object({
    external: { ...boolean, const: true, description: 'Always true: another organisation’s fact-check, imported, not a verdict of this desk.' },
    url: uri,
    publisher: object({ name: nullable(text()), url: nullable(uri) }),
    claimReviewed: text('The claim in the reviewer’s words.'),
    claimant: nullable(text()),
    rating: object({ text: nullable(text('The reviewer’s verdict in its own words.')), value: nullable(number), best: nullable(number), worst: nullable(number) }),
    datePublished: nullable(time()),
    language: nullable(text()),
    trigramSimilarity: { type: 'number', minimum: 0, maximum: 1 },
  }),
  ClaimPage: page('Claim'),
  Candidate: object({
    quote: text('The sentence, exactly as the body has it between start and end.'),
    start: integer('Offset in Unicode code points into the article body.'),
    end: integer('Exclusive end offset, in code points.'),
    score: { type: 'number', minimum: 0, maximum: 1, description: 'Check-worthiness: the cues combined (docs/candidates.md).' },
    reasons: array(
      object({
        cue: oneOf(cueNames),
        text: text('The words of the cue.'),
        start: integer('Code point offset into the body.'),
        end: integer(),
      }),
    ),
    claimant: nullable(
      object(
        {
          name: text('As the text names them.'),
          start: integer('Where the name is in the body (for a pronoun, where it points back to).'),
          end: integer(),
          basis: oneOf(claimantBases, 'How it was found: see docs/candidates.md.'),
        },
        [],
        'Who the text says makes the claim; null when it names nobody.',
      ),
    ),
    sources: {
      ...array(object({ name: text(), kind: oneOf(sourceKinds), start: integer(), end: integer() })),
      description: 'The proposed provenance chain, origin first, as POST /articles/{id}/claims with fromCandidate stores it.',
    },
    claimId: nullable({ ...uuid, description: 'The existing claim that overlaps this candidate most.' }),
  }),
  CandidateList: list('Candidate'),

  Evidence: object({
    id: uuid,
    claimId: uuid,
    url: uri,
    title: nullable(text()),
    publisher: nullable(text()),
    excerpt: nullable(text()),
    stance: oneOf(stances),
    accessedAt: time(),
    archiveUrl: nullable(uri),
    note: nullable(text()),
    addedBy: uuid,
    createdAt: time(),
    retraction: nullable(object({ retractedAt: time(), retractedBy: nullable(uuid), reason: nullable(text()) })),
  }),
  EvidencePage: page('Evidence'),

  HistoryEvent: object({
    id: uuid,
    action: oneOf(eventActions),
    actor: nullable(
      object(
        {
          id: uuid,
          name: nullable(text()),
          tokenId: nullable({ ...uuid, description: 'The token that acted; null for events recorded before tokens were.' }),
          tokenIssuedVia: nullable(oneOf(issuedVias, 'How that token was issued: self is the person’s own.')),
        },
        [],
        'Null for the system itself (the seed import).',
      ),
    ),
    version: integer('The claim version this event produced.'),
    fromStatus: nullable(claimStatus),
    toStatus: nullable(claimStatus),
    rating: nullable(text()),
    rationale: nullable(text()),
    note: nullable(text()),
    changes: nullable({ type: 'object', description: 'Changed fields as {field: {from, to}}, or what was added or retracted.' }),
    createdAt: time(),
  }),
  ArticleHistoryEvent: object({
    id: uuid,
    action: oneOf(['article.created', 'article.updated', 'article.revised']),
    actor: nullable(object({ id: uuid, name: nullable(text()) }, [], 'Null for the system itself (the seed import).')),
    changes: {
      type: 'object',
      description:
        'article.created: the metadata stored (bodySha256 for the body); article.updated: each changed field as {from, to}; article.revised: revision and bodySha256 as {from, to}, and the ids of the claims whose anchors moved (anchorsMoved) and were lost (anchorsLost).',
    },
    createdAt: time(),
  }),
  ArticleHistoryPage: page('ArticleHistoryEvent'),
  HistoryPage: page('HistoryEvent'),

  RatingScale: object({
    version: integer(),
    bestValue: integer(),
    worstValue: integer(),
    ratings: array(object({ id: text(), label: text(), definition: text(), value: nullable(integer('Null for ratings off the numeric scale.')) })),
  }),

  User: object({
    id: uuid,
    name: text(),
    role: oneOf(roles),
    createdAt: time(),
    disabledAt: nullable(time('Set while the person is disabled: their tokens and sessions open nothing.')),
    passwordChangedAt: nullable(time('When the person last chose a password to sign in to the pages; null: never.')),
  }),
  PasswordLink: object({
    url: uri,
    expiresAt: time(),
  }, [], 'A one-time link for the person to choose their password; shown in this response only.'),
  EndedSessions: object({ endedSessions: integer('How many browser sessions were open and ended now.') }),
  UserList: list('User'),
  Me: object({ id: uuid, name: text(), role: oneOf(roles), token: ref('Token') }),
  Token: object(token),
  TokenList: list('Token'),
  IssuedToken: object({ ...token, secret: text('The bearer token. Shown in this response only.') }),
  CreatedUser: object({ user: ref('User'), token: ref('IssuedToken') }),

  Webhook: object(webhook),
  WebhookList: list('Webhook'),
  IssuedWebhook: object({ ...webhook, secret: text('The signing secret (whsec_…, Standard Webhooks). Shown in this response only.') }),
  WebhookAttempt: object({
    attempt: integer('1 for the first; redeliveries go on counting.'),
    outcome: oneOf(['delivered', 'failed']),
    statusCode: nullable(integer('Null when no answer came (refused target, connection error, timeout).')),
    latencyMs: integer(),
    responseExcerpt: nullable(text('The first 1 kB of the answer.')),
    error: nullable(text()),
    attemptedAt: time(),
  }),
  WebhookDelivery: object({
    id: uuid,
    messageId: { ...uuid, description: 'The webhook-id header: the same on every attempt, and for every subscription of the event.' },
    eventType: oneOf(webhookEvents),
    status: oneOf(deliveryStatuses, 'pending: being tried; delivered: a 2xx came back; dead: every retry failed (redeliver to try again).'),
    attempts: array(ref('WebhookAttempt')),
    nextAttemptAt: nullable(time('While pending.')),
    lastError: nullable(text()),
    createdAt: time('When the change committed (its transaction began).'),
    deliveredAt: nullable(time()),
  }),
  WebhookDeliveryPage: page('WebhookDelivery'),

  PersonRef: object({ id: uuid, name: text() }),
  LastChange: object({ action: oneOf(eventActions), actor: nullable(ref('PersonRef')), at: time() }, [], 'The claim’s latest history event.'),
  ClaimStanding: object({
    id: uuid,
    quote: text(),
    start: integer(),
    end: integer(),
    anchorStatus: oneOf(['anchored', 'lost'], 'lost: a revision of the article changed the quoted words; start and end point into an earlier revision.'),
    status: claimStatus,
    rating: nullable(text()),
    proposedRating: nullable(text('The rating proposed, while in review.')),
    assignee: nullable(ref('PersonRef')),
    version: integer(),
    lastChange: nullable(ref('LastChange')),
  }),
  ArticleStatus: object({
    article: object({ id: uuid, title: text(), slug: text() }),
    claims: { ...array(ref('ClaimStanding')), description: 'In text order.' },
    countsByStatus: ref('ClaimCounts'),
    countsByRating: { type: 'object', additionalProperties: integer(), description: 'Claims by the rating of their latest published verdict.' },
  }),

  DeskClaim: object(deskClaim),
  MyClaims: object({
    holding: { ...array(ref('MyClaim')), description: 'Claims you hold, in progress or in review, oldest first.' },
    sentBack: { ...array(ref('MyClaim')), description: 'Claims an editor sent back to you (in progress again after review), oldest first.' },
  }),
  MyClaim: object({
    id: deskClaim.id, article: deskClaim.article, quote: deskClaim.quote, claimant: deskClaim.claimant,
    status: deskClaim.status, version: deskClaim.version, lastChange: deskClaim.lastChange,
  }),
  QueuedClaim: object({
    ...deskClaim,
    enteredReviewAt: time('When the claim last moved into review.'),
    proposal: object({ rating: nullable(text()), proposedBy: nullable(ref('PersonRef')) }),
  }),
  PublishedTodayClaim: object({ ...deskClaim, publishedAt: time(), correction: { ...boolean, description: 'True when this verdict corrects an earlier one.' } }),
  ArticleChangedClaim: object({
    ...deskClaim,
    publishedAt: time('When the current verdict was published.'),
    articleChanges: {
      type: 'object',
      description: 'Each public field of the article that differs: as the current verdict published it, and as the article reads now.',
      propertyNames: { enum: ['title', 'url', 'publisher', 'publishedAt', 'language'] },
      additionalProperties: object({ published: nullable(text()), current: nullable(text()) }),
    },
  }),
  LostAnchorClaim: object({
    ...deskClaim,
    anchorLostAt: time('When a revision lost the anchor.'),
    lostInRevision: integer('The article revision that changed or removed the words; the claim’s offsets point into the one before.'),
  }),
  Desk: object({
    asOf: time('The database clock when the desk was read.'),
    staleDays: integer(),
    staleBefore: time(),
    todayStartsAt: time('Midnight UTC.'),
    reviewQueue: { ...page('QueuedClaim'), description: 'Oldest arrival in review first; paged by limit and cursor.' },
    inProgressByAssignee: array(object({ assignee: nullable(ref('PersonRef')), claims: array(ref('DeskClaim')) })),
    stale: array(ref('DeskClaim')),
    publishedToday: array(ref('PublishedTodayClaim')),
    articleChangedSincePublication: {
      ...array(ref('ArticleChangedClaim')),
      description: 'Published claims whose article’s public metadata changed since: open a correction to publish it.',
    },
    needsAttention: {
      ...array(ref('LostAnchorClaim')),
      description: 'Claims whose quoted words a revision of their article changed or removed (set-aside claims excepted), most recently lost first.',
    },
    truncated: object(
      { inProgressByAssignee: boolean, stale: boolean, publishedToday: boolean, articleChangedSincePublication: boolean, needsAttention: boolean },
      [],
      'True where more than `limit` claims matched.',
    ),
  }),

  ClaimReview: {
    ...thing(
      'ClaimReview',
      {
        '@context': constant('https://schema.org'),
        url: uri,
        claimReviewed: { ...text('The claim in at most 75 code points: its summary (else its quote), cut at a word with “…” when longer.'), maxLength: 75 },
        datePublished: time(),
        dateModified: time(),
        author: thing('Organization', { name: text(), url: { ...uri, description: 'ORGANIZATION_URL, else the site’s base URL.' } }),
        reviewRating: thing(
          'Rating',
          {
            name: text('The rating’s label on the scale, e.g. "Mostly false".'),
            alternateName: text('The same label, where Google’s fact-check markup reads it.'),
            ratingValue: integer(),
            bestRating: integer(),
            worstRating: integer(),
            ratingExplanation: text(),
          },
          ['ratingValue', 'bestRating', 'worstRating'],
        ),
        itemReviewed: thing(
          'Claim',
          {
            text: text('The exact quoted words of the claim.'),
            author: agent,
            datePublished: date,
            appearance: {
              ...array(
                thing(
                  'NewsArticle',
                  {
                    headline: text(),
                    url: uri,
                    datePublished: time(),
                    dateModified: time('On the first (the claim’s own article) when its text was revised after the review: the latest revision’s time.'),
                    publisher: thing('Organization', { name: text() }),
                    inLanguage: text(),
                  },
                  ['url', 'datePublished', 'dateModified', 'publisher'],
                ),
              ),
              description: 'The article the claim was checked in, then each article where a match of it was published.',
            },
            firstAppearance: thing('CreativeWork', { url: uri, author: agent }),
          },
          ['datePublished', 'firstAppearance'],
        ),
        inLanguage: text(),
      },
    ),
    description: 'schema.org ClaimReview (https://schema.org/ClaimReview).',
  },
  Correction: object({
    date: time(),
    note: nullable(text()),
    previousRating: text(),
    previousRatingLabel: text(),
    previousRationale: text(),
    rating: text(),
  }),
  FactCheck: object({
    id: uuid,
    url: uri,
    claim: object({ quote: text(), summary: nullable(text()), claimant: text(), claimDate: nullable(date), language: text(), sources: array(ref('SourceHop')) }, [], 'The claim as the editor approved it.'),
    article: object({ title: text(), url: nullable(uri), publisher: nullable(text()), publishedAt: nullable(time()), language: text() }),
    verdict: object({ rating: text(), label: text(), value: nullable(integer()), ratingScaleVersion: integer(), rationale: text(), publishedAt: time() }),
    datePublished: time(),
    dateModified: time(),
    articleRevisedAt: nullable(time('When the article’s text was last revised, if after the current verdict: the verdict is about the quote as it read when checked.')),
    corrections: array(ref('Correction')),
    matchOf: nullable(object({ id: uuid, url: uri }, [], 'Published as a match of this earlier fact-check.')),
    alsoAppearedIn: {
      ...array(object({ id: uuid, url: uri, article: object({ title: text(), url: nullable(uri), publisher: nullable(text()), publishedAt: nullable(time()), language: text() }) })),
      description: 'Claims published as matches of this one: where else it appeared.',
    },
    claimReview: ref('ClaimReview'),
  }),
  FactCheckSearchHit: object({
    id: uuid,
    url: uri,
    score: { type: 'number', minimum: 0, maximum: 1 },
    claim: object({ quote: text(), summary: nullable(text()), claimant: text(), language: text() }),
    article: object({ title: text(), url: nullable(uri), publisher: nullable(text()) }),
    verdict: object({ rating: text(), label: text(), value: nullable(integer()), rationale: text() }),
    datePublished: time(),
    dateModified: time(),
  }),
  FactCheckSearch: object({
    query: text('q as compared: normalised.'),
    items: array(ref('FactCheckSearchHit')),
    elsewhere: { ...array(ref('ExternalFactCheckMatch')), description: 'On the first page only: fact-checks of other organisations worded like q (imported ClaimReview), at most 5, never this desk’s verdicts.' },
    nextUrl: nullable(uri),
  }),
  FeedItem: object({
    id: uri,
    url: uri,
    title: text(),
    content_text: text(),
    date_published: time(),
    date_modified: time(),
    language: text(),
    tags: array(text()),
    _claimreview: object({ about: aboutExtension('claimreview'), claimReview: ref('ClaimReview') }, [], 'JSON Feed extension: the schema.org ClaimReview.'),
    _corrections: object({ about: aboutExtension('corrections'), items: array(ref('Correction')) }, [], 'JSON Feed extension: earlier verdicts, oldest first.'),
  }),
  ClaimReviewFeed: {
    ...object(
      {
        '@context': { type: 'array', description: 'schema.org, and the Hydra prefix for `hydra:next`.' },
        '@type': constant('DataFeed'),
        '@id': uri,
        name: text(),
        url: uri,
        inLanguage: text(),
        publisher: thing('Organization', { name: text(), url: uri }),
        dateModified: time('The newest change on this page.'),
        'hydra:next': object({ '@id': uri }, [], 'The next page, when there is one.'),
        dataFeedElement: array(
          thing('DataFeedItem', {
            dateCreated: time('First publication.'),
            dateModified: time('Latest publication (a correction moves it).'),
            item: { type: 'array', items: { $ref: '#/components/schemas/ClaimReview' }, minItems: 1, maxItems: 1 },
          }),
        ),
      },
      ['dateModified', 'hydra:next'],
    ),
    description: 'schema.org DataFeed (https://schema.org/DataFeed); each item’s ClaimReview is as GET /fact-checks/{id} answers it, its @context included.',
  },
  CsvExport: text('RFC 4180 CSV with a header line: id, status, rating, ratingScaleVersion, claimant, summary, quote, claimDate, language, chain, articleId, articleTitle, articleUrl, articlePublisher, articlePublishedAt, assigneeId, assigneeName, firstPublishedAt, lastPublishedAt, createdAt, updatedAt, version.'),
  JsonLinesExport: text('JSON Lines (https://jsonlines.org/): one claim a line, with id, status, rating, ratingScaleVersion, claimant, summary, quote, claimDate, language, sources (as in Claim), article {id, title, url, publisher, publishedAt}, assignee {id, name} or null, firstPublishedAt, lastPublishedAt, createdAt, updatedAt and version.'),
  ClaimReviewImport: { description: 'JSON-LD: a ClaimReview, an array of them, a @graph or a schema.org DataFeed (dataFeedElement: ClaimReview or DataFeedItem).' },
  ImportSummary: object({
    records: integer('ClaimReviews found, and entries that should have been one.'),
    created: integer(),
    updated: integer('Already imported from the same URL and changed now.'),
    unchanged: integer('Already imported from the same URL, exactly so.'),
    skipped: integer('Nodes of other types passed over (WebPage, Organization…).'),
    refusedCount: integer(),
    refused: array(object({
      position: integer('The record’s place among those found, from 1.'),
      at: text('Where: the document (`body`, a file name, `script N` of a page), then a JSON pointer after #.'),
      reason: text(),
    })),
  }, [], 'The first 1,000 refusals are listed; refusedCount counts them all.'),
  Feed: object(
    {
      version: constant('https://jsonfeed.org/version/1.1'),
      title: text(),
      home_page_url: uri,
      feed_url: uri,
      description: text(),
      language: text(),
      authors: array(object({ name: text(), url: uri }, ['url'])),
      next_url: uri,
      items: array(ref('FeedItem')),
    },
    ['next_url'],
    'JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).',
  ),
};
