import fc from 'fast-check';
import { extraKeys, injections, tricky, unstorable } from './nasty';

export type Schema = Record<string, any>;
export type Resolve = (schema: Schema) => Schema;

const codePoints = (text: string, max: number): string => Array.from(text).slice(0, max).join('');

/** Free text: mostly ordinary, often Unicode-heavy or an injection string, never blank. */
export function textArb(maxLength: number, singleLine: boolean): fc.Arbitrary<string> {
  const raw = fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }) },
    { weight: 2, arbitrary: fc.constantFrom(...tricky) },
    { weight: 2, arbitrary: fc.constantFrom(...injections) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme-composite' }) },
    { weight: 1, arbitrary: fc.lorem({ maxCount: 8 }) },
  );
  return fc.tuple(fc.constantFrom('x', 'Ω', '🇮🇩', 'é'), raw).map(([lead, text]) => {
    const line = singleLine ? text.replace(/[\r\n\u2028\u2029]/g, ' ') : text;
    return codePoints(`${lead}${line}`, maxLength);
  });
}

const edgeTimestamps = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59.999999-12:00', '1970-01-01', '2024-02-29T12:00Z'];
const edgeDates = ['0000-01-01', '0001-01-01', '9999-12-31', '2024-02-29', '2023-02-29', '1582-10-10'];

const randomTimestampArb = fc
  .tuple(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Z', '+07:00', '-05:30', 'date'))
  .map(([date, zone]) => (zone === 'date' ? date.toISOString().slice(0, 10) : date.toISOString().replace('Z', zone)));
const timestampArb = fc.oneof({ weight: 4, arbitrary: randomTimestampArb }, { weight: 1, arbitrary: fc.constantFrom(...edgeTimestamps) });
const dateArb = fc.oneof({ weight: 4, arbitrary: randomTimestampArb.map((value) => value.slice(0, 10)) }, { weight: 1, arbitrary: fc.constantFrom(...edgeDates) });

const urlArb = fc.oneof(
  fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://example.org/a?b=c#d', 'https://xn--ls8h.la/', 'http://127.0.0.1:8080/x', 'https://example.org/%F0%9F%98%80'),
);

const languageArb = fc.constantFrom('en', 'id', 'en-GB', 'zh-Hant-TW', 'ar', 'sr-Latn', 'und', 'de-CH-1996', 'EN-gb', 'x-private');

function stringArb(schema: Schema): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 200, 400);
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uri') return urlArb;
  if (schema.format === 'date') return dateArb;
  if (schema.format === 'uuid') return fc.uuid();
  if (typeof schema.description === 'string' && schema.description.includes('BCP 47')) return languageArb;
  if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^\\d{4}')) return timestampArb;
  if (schema.pattern === '^[a-z0-9]+(?:-[a-z0-9]+)*$') return fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,10}){0,3}$/);
  return textArb(max, typeof schema.pattern === 'string' && schema.pattern.includes('\\r\\n'));
}

/** A value that the schema allows, most of the time (the server has rules the schema cannot say). */
export function validArb(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const types: string[] = Array.isArray(s.type) ? s.type : [s.type ?? (s.properties ? 'object' : 'string')];
  const nonNull = types.filter((type) => type !== 'null');
  const main = (() => {
    switch (nonNull[0]) {
      case 'integer':
        return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 1000, 1000) });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(validArb(s.items ?? {}, resolve, depth + 1), { maxLength: Math.min(s.maxItems ?? 3, depth > 0 ? 1 : 3) });
      case 'object':
        return objectArb(s, resolve, depth);
      default:
        return stringArb(s);
    }
  })();
  return types.includes('null') ? fc.oneof({ weight: 5, arbitrary: main }, { weight: 1, arbitrary: fc.constant(null) }) : main;
}

function objectArb(schema: Schema, resolve: Resolve, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validArb(property, resolve, depth + 1)]));
  return fc.record(model, { requiredKeys: required });
}

/** Values of the wrong shape for any field. */
export const wrongValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, [], {}, [null], { a: 1 }, '', ' ', '\n'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(...unstorable),
  fc.constantFrom(...injections),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A string one past the limit, or far past it. */
export const hugeStringArb = (schema: Schema): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('x'.repeat((schema.maxLength ?? 1000) + 1)),
    fc.constant(`${'🇮🇩'.repeat(Math.ceil(((schema.maxLength ?? 1000) + 1) / 2))}`),
    fc.constant('a\u0301'.repeat(50_000)),
    fc.constant('y'.repeat(300_000)),
  );

export const hugeArrayArb: fc.Arbitrary<unknown[]> = fc.oneof(
  fc.constant(Array.from({ length: 21 }, (_, i) => ({ name: `hop ${i}`, kind: 'media' }))),
  fc.constant(Array.from({ length: 5000 }, () => 1)),
  fc.constant(Array.from({ length: 20_000 }, () => 'x')),
);

export const extraKeyArb = fc.oneof(fc.constantFrom(...extraKeys), fc.string({ maxLength: 12, unit: 'grapheme' }));
