/**
 * Every problem the API can answer with. The `type` of a problem is `/problems/<slug>`; the slug is
 * part of the public contract and never changes once shipped.
 */
export const problemCatalogue = {
  'malformed-request': { status: 400, title: 'The request is not valid HTTP' },
  'invalid-if-match': { status: 400, title: 'If-Match must carry exactly one strong ETag' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'invalid-encoding': { status: 400, title: 'The request body is not valid UTF-8' },
  'unknown-parameter': { status: 400, title: 'The query has a parameter this route does not take' },
  unauthenticated: { status: 401, title: 'A valid API token is required' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  'token-must-be-replaced': { status: 403, title: 'This first token may only be replaced by your own (POST /api/v1/me/tokens)' },
  'not-found': { status: 404, title: 'The resource does not exist' },
  'route-not-found': { status: 404, title: 'No such route' },
  'method-not-allowed': { status: 405, title: 'The route does not take this method' },
  'duplicate-article': { status: 409, title: 'An article with this URL or slug already exists' },
  'article-body-locked': { status: 409, title: 'Once claims are anchored, the article body changes only by a revision (PUT /api/v1/articles/:id/body)' },
  'duplicate-user': { status: 409, title: 'A user with this name already exists' },
  'person-has-token': { status: 409, title: 'The person still holds a token; revoke it before issuing a first one' },
  'person-disabled': { status: 409, title: 'The person is disabled' },
  'last-admin': { status: 409, title: 'The last enabled admin cannot be disabled' },
  'token-limit-reached': { status: 409, title: 'You hold as many working tokens as one person may' },
  'transition-not-allowed': { status: 409, title: 'The claim cannot move to that status from its current one' },
  'claim-frozen-in-review': { status: 409, title: 'The claim is in review: it cannot change until it is sent back' },
  'evidence-already-retracted': { status: 409, title: 'The evidence was already retracted' },
  'evidence-limit-reached': { status: 409, title: 'The claim holds as much evidence as it may' },
  'webhook-limit-reached': { status: 409, title: 'As many webhook subscriptions are active as may be' },
  'delivery-pending': { status: 409, title: 'The delivery is still being tried' },
  'precondition-failed': { status: 412, title: 'The claim or article has changed since you read it' },
  'condition-not-met': { status: 412, title: 'A condition of the request (If-Match, If-Unmodified-Since) does not hold' },
  'request-timeout': { status: 408, title: 'The request did not arrive in time' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  'range-not-satisfiable': { status: 416, title: 'The requested range lies outside the representation' },
  'validation-failed': { status: 422, title: 'The request is not valid' },
  'quote-not-found': { status: 422, title: 'The quote does not occur in the article body' },
  'quote-ambiguous': { status: 422, title: 'The quote occurs more than once in the article body' },
  'quote-mismatch': { status: 422, title: 'The article body at the given offsets differs from the quote' },
  'candidate-not-found': { status: 422, title: 'No candidate claim of the article has these offsets' },
  'transition-guard-failed': { status: 422, title: 'A condition for this move is not met' },
  'webhook-target-refused': { status: 422, title: 'The webhook URL resolves to an address webhooks may not reach' },
  'precondition-required': { status: 428, title: 'Send If-Match with the ETag of the claim or article you read' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'The request headers are too large' },
  'internal-error': { status: 500, title: 'Internal server error' },
  'database-unavailable': { status: 503, title: 'The database is unavailable' },
  'similarity-busy': { status: 503, title: 'The similarity search is busy or took too long; try again shortly' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof problemCatalogue;

export const problemTypeUri = (slug: ProblemSlug): string => `/problems/${slug}`;
