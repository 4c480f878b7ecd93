import assert from 'node:assert/strict';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type supertest from 'supertest';
import { problemCatalogue } from '../../src/errors/catalogue';
import { assertMatchesDocumented } from '../support/openapi';
import type { Payload } from './bodies';
import type { FuzzCase, IdChoice, QueryValue } from './cases';
import { effects, sentText, type Target } from './effects';
import { percentEncode, send, type RawRequest, type RawResponse } from './http-client';
import type { Operation } from './operations';
import type { Pools, World } from './world';

type PoolName = Exclude<keyof Pools, 'cursor'>;

function poolOf(template: string, param: string): PoolName {
  if (param === 'evidenceId') return 'evidence';
  if (param === 'slug') return 'slug';
  if (template.startsWith('/api/v1/articles')) return 'article';
  if (template.startsWith('/api/v1/claims')) return 'claim';
  if (template.startsWith('/api/v1/users')) return 'user';
  if (template.startsWith('/api/v1/tokens')) return 'token';
  return 'factCheck';
}

const pick = <T>(list: readonly T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);

function resolveId(world: World, pool: PoolName, choice: IdChoice, claimId: string | undefined): string {
  const { pools } = world;
  const ids = (name: PoolName): string[] =>
    name === 'evidence' ? (claimId && pools.evidence.get(claimId)?.length ? pools.evidence.get(claimId)! : [...pools.evidence.values()].flat()) : pools[name];
  if (choice.kind === 'bad') return choice.value;
  if (choice.kind === 'real') return pick(ids(pool), choice.index) ?? '00000000-0000-4000-8000-000000000000';
  const others = (['article', 'claim', 'user', 'token', 'evidence'] as const).filter((name) => name !== pool);
  return pick(ids(others[choice.index % others.length]!), choice.index) ?? 'none';
}

/** A path segment as sent: real and made-up ids encoded; those already holding % sent as they are. */
const segment = (id: string): string => (id.includes('%') ? id : percentEncode(id));

function queryString(world: World, query: FuzzCase['query']): string {
  const parts: string[] = [];
  const add = (name: string, text: string) => parts.push(`${percentEncode(name)}=${text.startsWith('%') ? text : percentEncode(text)}`);
  for (const { name, value } of query) {
    const v = value as QueryValue;
    if ('text' in v) add(name, v.text);
    else if ('repeated' in v) v.repeated.forEach((text) => add(name, text));
    else if ('cursor' in v) add(name, pick(world.pools.cursor, v.cursor) ?? '');
    else add(name, pick(name === 'assigneeId' ? world.pools.user : world.pools.article, v.realId) ?? '');
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

async function ifMatchValue(world: World, c: FuzzCase, claimId: string | undefined): Promise<string | undefined> {
  if (c.ifMatch.kind === 'absent') return undefined;
  if (c.ifMatch.kind === 'raw') return c.ifMatch.value;
  const etag = claimId ? (await world.read(`/api/v1/claims/${segment(claimId)}`)).etag : null;
  if (c.ifMatch.kind === 'current') return etag ?? '"v1"';
  const version = Number(/^"v(\d+)"$/.exec(etag ?? '')?.[1] ?? 1);
  return `"v${version - 1}"`;
}

const isPlainText = (value: unknown): value is string => typeof value === 'string' && value.isWellFormed() && !value.includes('\u0000');

/**
 * Random quotes never occur in the article and random ratings are not on the scale, so without
 * help nearly every claim and proposal would be refused. When the case says so, a valid body's
 * quote becomes a slice of the article's body (with the right code point offsets when it sends
 * offsets) and its rating one of the scale.
 */
async function aimed(world: World, c: FuzzCase, operation: Operation, ids: Record<string, string>): Promise<Payload> {
  const { payload, aim } = c;
  if (!aim || payload.kind !== 'json' || typeof payload.value !== 'object' || payload.value === null) return payload;
  const value = { ...(payload.value as Record<string, unknown>) };
  if (operation.key === 'POST /api/v1/articles/{id}/claims' && isPlainText(value.quote)) {
    const article = await world.read(`/api/v1/articles/${segment(ids.id!)}`);
    const text = Array.from(typeof article.body?.body === 'string' ? (article.body.body as string) : '');
    if (text.length === 0) return payload;
    const start = aim.at % text.length;
    const end = Math.min(text.length, start + aim.length);
    value.quote = text.slice(start, end).join('');
    if ('start' in value || 'end' in value) Object.assign(value, { start, end });
  }
  if (operation.key === 'POST /api/v1/claims/{id}/transitions' && isPlainText(value.rating)) {
    value.rating = world.ratings[aim.at % world.ratings.length];
  }
  return { ...payload, value };
}

function bodyOf(payload: Payload): { body?: Buffer; contentType?: string } {
  if (payload.kind === 'none') return {};
  if (payload.kind === 'raw') return { body: payload.bytes, ...(payload.contentType ? { contentType: payload.contentType } : {}) };
  const text = JSON.stringify(payload.value);
  return text === undefined ? { contentType: payload.contentType } : { body: Buffer.from(text), contentType: payload.contentType };
}

const compressors = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

export type Built = { request: RawRequest; operation: Operation; target: Target };

export async function build(world: World, c: FuzzCase): Promise<Built> {
  const operation = world.operations.find((op) => op.key === c.operation)!;
  const ids: Record<string, string> = {};
  for (const param of operation.pathParams) ids[param] = resolveId(world, poolOf(operation.template, param), c.ids[param]!, ids.id);
  const path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => segment(ids[name]!)) + queryString(world, c.query);
  const headers: Record<string, string> = {};
  if (c.caller === 'garbage') headers.authorization = c.authorization;
  else if (c.caller !== 'anonymous') headers.authorization = `Bearer ${world.tokens[c.caller]}`;
  const claimId = operation.template.startsWith('/api/v1/claims/{id}') ? ids.id : undefined;
  const ifMatch = await ifMatchValue(world, c, claimId);
  if (ifMatch !== undefined) headers['if-match'] = ifMatch;
  if (c.accept) headers.accept = c.accept;
  for (const [name, value] of c.headers) headers[name] = value;
  const payload = await aimed(world, c, operation, ids);
  const { body: plain, contentType } = bodyOf(payload);
  if (contentType) headers['content-type'] = contentType;
  const body = plain && c.compress ? compressors[c.compress](plain) : plain;
  if (plain && c.compress) headers['content-encoding'] = c.compress;
  const sentBody = payload.kind === 'json' ? payload.value : undefined;
  return { request: { method: c.method ?? operation.method, path, headers, ...(body ? { body } : {}) }, operation, target: { ids, body: sentBody } };
}

/** The problem document rules: RFC 9457 media type and members, and the catalogue's own type, title and status. */
function assertProblemDocument(response: RawResponse): void {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, 'an error without application/problem+json');
  const problem = JSON.parse(response.text) as Record<string, unknown>;
  assert.equal(typeof problem.type, 'string', 'problem.type');
  assert.equal(typeof problem.title, 'string', 'problem.title');
  assert.equal(problem.status, response.status, 'problem.status is the HTTP status');
  const slug = String(problem.type).replace(/^\/problems\//, '') as keyof typeof problemCatalogue;
  assert.ok(problemCatalogue[slug], `problem type ${String(problem.type)} is not in the catalogue`);
  assert.equal(problem.title, problemCatalogue[slug].title);
  assert.equal(problemCatalogue[slug].status, response.status);
  // One the validators did not catch, and the database refused instead, has no pointer to the field.
  if (slug === 'validation-failed') assert.ok(Array.isArray(problem.errors) && problem.errors.length > 0, 'a validation problem names no field');
}

export type Outcome = { route: string; status: number; label: string; checkedText: number };

/** Sends one case and checks every property; throws with the request when one fails. */
export async function runCase(world: World, c: FuzzCase): Promise<Outcome> {
  const { request, operation, target } = await build(world, c);
  const isWrite = request.method !== 'GET' && request.method !== 'OPTIONS';
  const effect = c.method === undefined ? effects[operation.key] : undefined;
  const before = isWrite && effect ? await effect.snapshot(world, target) : undefined;
  const response = await send(world.app.baseUrl, request);
  const route = c.method ? `${request.method} ${operation.template} (not a route)` : operation.key;
  let checkedText = 0;
  try {
    assert.ok(response.status < 500, `a ${response.status}`);
    // The home page answers a refused query as its page, with the Problem's text; /fact-checks and a fact-check
    // do so for a browser (Accept: text/html first), and answer an API client with a problem document.
    const asksForHtml = /^text\/html/i.test(String(request.headers.accept ?? ''));
    const pageForBrowsers = ['/fact-checks', '/fact-checks/{id}'].includes(operation.template);
    const page = request.method === 'GET' && (operation.template === '/' || (pageForBrowsers && asksForHtml));
    if (response.status >= 400 && page) assert.match(String(response.headers['content-type']), /^text\/html/, 'a page answers a page');
    else if (response.status >= 400) assertProblemDocument(response);
    // A body sent to an operation that takes none is still read (and refused when broken): not a documented case.
    // So is an id that makes the path another one (`/articles//status`, `/articles/../status`).
    const samePath = Object.values(target.ids).every((id) => id !== '' && !/^(\.\.|%2e%2e)$/i.test(id));
    // Express answers `If-None-Match: *` on any GET with 304 (the app sends no automatic ETags); the document lists 304 only on the public routes.
    const conditional = response.status === 304 && ('if-none-match' in request.headers || 'if-modified-since' in request.headers);
    const documentedShape = c.method === undefined && samePath && !conditional && (operation.body !== undefined || c.payload.kind === 'none');
    if (documentedShape) {
      assertMatchesDocumented({ ...response, body: undefined } as unknown as supertest.Response, operation.method, operation.template);
    }
    if (effect && isWrite) {
      if (response.status >= 400) {
        assert.deepEqual(await effect.snapshot(world, target), before, 'a refused write changed what was stored');
      } else if (response.status < 300 && effect.readBack) {
        const created = JSON.parse(response.text);
        const stored = await effect.readBack(world, target, created);
        for (const [path, sent, back] of sentText(effect.text, target.body, stored)) {
          assert.equal(back, effect.nfc ? sent.normalize('NFC') : sent, `the text at ${path} was stored differently from what was sent`);
          checkedText++;
        }
        effect.remember?.(world, target, created);
      }
    }
  } catch (error) {
    const body = request.body ? request.body.subarray(0, 600).toString('utf8') : '';
    const message = `${request.method} ${request.path.slice(0, 300)} as ${c.caller} [${c.payload.label}]\nheaders ${JSON.stringify(request.headers).slice(0, 400)}\nbody ${JSON.stringify(body)}\n→ ${response.status} ${response.headers['content-type'] ?? ''} ${response.text.slice(0, 600)}`;
    throw Object.assign(new Error(`${(error as Error).message}\n${message}`), { cause: error });
  }
  return { route, status: response.status, label: c.payload.label, checkedText };
}
