import fc from 'fast-check';
import { payloadArb, type Payload } from './bodies';
import {
  authorizationGarbage,
  otherHeaders,
  badCursors,
  badIds,
  badIfMatch,
  injections,
  oddCursors,
  oddSearches,
  tricky,
  unstorable,
} from './nasty';
import type { Operation } from './operations';
import { validArb, type Resolve } from './schema-arbitraries';
import { callerNames, type CallerName } from './world';

/** A path id: one of the world's ids of the right kind, one of another kind, or something else. */
export type IdChoice = { kind: 'real'; index: number } | { kind: 'other'; index: number } | { kind: 'bad'; value: string };
/** A query value: text, a real id or cursor picked by index at run time, or the key repeated. */
export type QueryValue = { text: string } | { realId: number } | { cursor: number } | { repeated: [string, string] };
export type IfMatchChoice = { kind: 'current' } | { kind: 'absent' } | { kind: 'stale' } | { kind: 'raw'; value: string };

export type FuzzCase = {
  operation: string;
  /** Another method on the same path (PUT, DELETE…): not a route. */
  method?: string;
  caller: CallerName;
  authorization: string;
  ids: Record<string, IdChoice>;
  query: Array<{ name: string; value: QueryValue }>;
  ifMatch: IfMatchChoice;
  accept?: string;
  headers: Array<[string, string]>;
  /** Send the body compressed this way (with its Content-Encoding). */
  compress?: 'gzip' | 'deflate' | 'br';
  payload: Payload;
  /** Aim a valid body at the data: a quote taken from the article's body, a rating of the scale (see run-case). */
  aim?: { at: number; length: number };
};

const idChoiceArb: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 14, arbitrary: fc.nat({ max: 1000 }).map((index) => ({ kind: 'real' as const, index })) },
  { weight: 2, arbitrary: fc.nat({ max: 1000 }).map((index) => ({ kind: 'other' as const, index })) },
  { weight: 3, arbitrary: fc.constantFrom(...badIds).map((value) => ({ kind: 'bad' as const, value })) },
  { weight: 1, arbitrary: fc.uuid().map((value) => ({ kind: 'bad' as const, value })) },
);

const badQueryText = fc.oneof(
  fc.constantFrom(...badCursors, ...badIds, ...injections, ...unstorable, ...tricky),
  fc.constantFrom('-1', '0', '1.5', '1e3', '101', '366', 'true', '9'.repeat(400), 'NaN', 'Infinity', ' 5', '0x10', '%ZZ'),
  fc.string({ maxLength: 20, unit: 'binary' }),
);

const base64Url = (text: string): string => Buffer.from(text).toString('base64url');

/** Odd search text: runs of operators of any length, many words, long words, any Unicode. */
const oddSearchArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...oddSearches),
  fc
    .tuple(fc.integer({ min: 1, max: 80 }), fc.constantFrom('-', '- ', '-!', '-"', ' or -', '(-', '&-|', '<->-'), fc.constantFrom('', 'a', ' word', '"'))
    .map(([count, unit, end]) => unit.repeat(count) + end),
  fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('word ', 'a or ', '"a b" ', '-x ', 'é ', '🇮🇩 ', 'or ')).map(([count, word]) => word.repeat(count)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('-', ' ', '"', '!', '(', ')', '&', '|', '<', '>', ':', '*', 'a', 'é', '\u00A0'), minLength: 1, maxLength: 200 }),
);

/** Valid base64url of junk, and cursors of the right shape with values out of range. */
const oddCursorArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...oddCursors),
  fc.uint8Array({ minLength: 1, maxLength: 100 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  fc.jsonValue({ maxDepth: 2 }).map((value) => base64Url(JSON.stringify(value))),
  fc
    .record({
      t: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.string({ maxLength: 30 }), fc.double()),
      id: fc.oneof(fc.uuid(), fc.string({ minLength: 36, maxLength: 36 }), fc.stringMatching(/^[0-9a-f-]{36}$/)),
    })
    .map((cursor) => base64Url(JSON.stringify(cursor))),
  fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), fc.double().map(String)).map((seq) => base64Url(JSON.stringify({ seq }))),
);

/** Extra bad values for parameters whose odd input once reached the database. */
const oddValues: Record<string, fc.Arbitrary<string>> = { q: oddSearchArb, cursor: oddCursorArb };

function queryArb(operation: Operation, resolve: Resolve): fc.Arbitrary<FuzzCase['query']> {
  const params = operation.query.map(({ name, schema }) => {
    const s = resolve(schema);
    const good: fc.Arbitrary<QueryValue> =
      name === 'cursor'
        ? fc.nat({ max: 100 }).map((cursor) => ({ cursor }))
        : s.format === 'uuid'
          ? fc.nat({ max: 1000 }).map((realId) => ({ realId }))
          : validArb(s, resolve).map((value) => ({ text: String(value) }));
    const odd = oddValues[name];
    const value = fc.oneof(
      { weight: 3, arbitrary: good },
      { weight: 2, arbitrary: badQueryText.map((text) => ({ text })) },
      { weight: 1, arbitrary: fc.tuple(badQueryText, badQueryText).map((repeated) => ({ repeated })) },
      ...(odd ? [{ weight: 3, arbitrary: odd.map((text): QueryValue => ({ text })) }] : []),
    );
    return fc.option(value.map((v) => ({ name, value: v })), { freq: 2 });
  });
  const extra = sometimes(
    fc.tuple(fc.constantFrom('unknown', 'limit[]', '__proto__', 'a[b]', 'cursor ', ''), badQueryText).map(([name, text]) => ({ name, value: { text } })),
    6,
  );
  return fc.tuple(fc.tuple(...params), extra).map(([chosen, more]) => [...chosen, more].filter((item) => item != null));
}

const ifMatchArb = (operation: Operation): fc.Arbitrary<IfMatchChoice> =>
  fc.oneof(
    { weight: operation.ifMatch ? 12 : 1, arbitrary: fc.constant({ kind: 'current' as const }) },
    { weight: operation.ifMatch ? 2 : 10, arbitrary: fc.constant({ kind: 'absent' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'stale' as const }) },
    { weight: 2, arbitrary: fc.constantFrom(...badIfMatch).map((value) => ({ kind: 'raw' as const, value })) },
  );

/** Mostly a role the operation is for (so that requests get past authorisation), else any caller. */
const callerArb = (operation: Operation): fc.Arbitrary<CallerName> => {
  const allowed = operation.roles.filter((role): role is CallerName => (callerNames as readonly string[]).includes(role));
  return fc.oneof(
    { weight: allowed.length ? 8 : 0, arbitrary: fc.constantFrom(...(allowed.length ? allowed : ['editor' as const])) },
    { weight: 3, arbitrary: fc.constantFrom<CallerName>('checker', 'editor', 'admin') },
    { weight: 2, arbitrary: fc.constantFrom<CallerName>('anonymous', 'revoked', 'garbage') },
  );
};

/** Mostly `undefined`; one time in `oneIn`, a value of `arb`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const acceptArb = sometimes(fc.constantFrom('application/ld+json', 'text/html', '*/*', 'application/xml', 'garbage;;', 'application/json;q=0'), 8);

/**
 * Requests to the operations that take `q` or `cursor`, with odd values in those parameters: what once
 * reached PostgreSQL and failed there. Everything else about the request is generated as for any case.
 */
export function oddQueryCaseArb(operations: Operation[], resolve: Resolve, bodyLimitBytes: number): fc.Arbitrary<FuzzCase> {
  const targets = operations.filter((operation) => operation.query.some(({ name }) => name in oddValues));
  return fc.constantFrom(...targets).chain((operation) => {
    const names = operation.query.map(({ name }) => name).filter((name) => name in oddValues);
    const odd = fc.tuple(...names.map((name) => fc.option(oddValues[name]!, { freq: 4 }).map((text) => ({ name, text }))));
    return fc.tuple(caseArb([operation], resolve, bodyLimitBytes), odd).map(([generated, values]) => {
      const chosen = values.filter((value): value is { name: string; text: string } => value.text !== null);
      return {
        ...generated,
        query: [
          ...generated.query.filter((item) => !chosen.some((value) => value.name === item.name)),
          ...chosen.map(({ name, text }) => ({ name, value: { text } as QueryValue })),
        ],
      };
    });
  });
}

/** One request of any operation of the document, by any caller, with any of the broken parts above. */
export function caseArb(operations: Operation[], resolve: Resolve, bodyLimitBytes: number): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...operations).chain((operation) =>
    fc.record({
      operation: fc.constant(operation.key),
      method: sometimes(fc.constantFrom('PUT', 'DELETE', 'OPTIONS', operation.method === 'GET' ? 'POST' : 'GET'), 40),
      caller: callerArb(operation),
      authorization: fc.constantFrom(...authorizationGarbage),
      ids: fc.record(Object.fromEntries(operation.pathParams.map((name) => [name, idChoiceArb]))),
      query: queryArb(operation, resolve),
      ifMatch: ifMatchArb(operation),
      accept: acceptArb,
      headers: sometimes(fc.subarray(otherHeaders, { minLength: 1, maxLength: 2 }), 8).map((list) => list ?? []),
      compress: sometimes(fc.constantFrom('gzip' as const, 'deflate' as const, 'br' as const), 20),
      payload: operation.body
        ? payloadArb(operation.body, resolve, bodyLimitBytes)
        : fc.oneof(
            { weight: 9, arbitrary: fc.constant<Payload>({ kind: 'none', label: 'none' }) },
            { weight: 1, arbitrary: payloadArb(undefined, resolve, bodyLimitBytes) },
          ),
      aim: fc.option(fc.record({ at: fc.nat({ max: 100_000 }), length: fc.integer({ min: 1, max: 80 }) }), { freq: 3, nil: undefined }),
    }),
  );
}
