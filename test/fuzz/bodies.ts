import fc from 'fast-check';
import { contentTypes, invalidUtf8, malformedJson, unstorable } from './nasty';
import { extraKeyArb, hugeArrayArb, hugeStringArb, validArb, wrongValueArb, type Resolve, type Schema } from './schema-arbitraries';

/** What a request carries: nothing, a JSON value (serialised here), or exact bytes. */
export type Payload =
  | { kind: 'none'; label: 'none' }
  | { kind: 'json'; label: string; value: unknown; contentType: string }
  | { kind: 'raw'; label: string; bytes: Buffer; contentType: string | null };

type Path = Array<string | number>;

/** Every place in a JSON value that a mutation can hit: the value itself and each nested member. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Array.isArray(value) ? value.map((child, index) => [index, child] as const) : Object.entries(value);
  return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

const clone = (value: unknown): any => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** A copy of `root` with the member at `path` replaced (or removed when `replacement` is `remove`). */
function setAt(root: unknown, path: Path, replacement: unknown | typeof remove): unknown {
  if (path.length === 0) return replacement === remove ? undefined : replacement;
  const copy = clone(root);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1)!;
  if (replacement === remove) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    Object.defineProperty(parent, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
const remove = Symbol('remove');
/** A body that may be left out is generated as `undefined` at times: an extra field then goes into an object of its own. */
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

const json = (label: string, value: unknown, contentType = 'application/json'): Payload => ({ kind: 'json', label, value, contentType });
const raw = (label: string, bytes: Buffer, contentType: string | null = 'application/json'): Payload => ({ kind: 'raw', label, bytes, contentType });

/** `valid` with the member at `path` nested `levels` deep, written as text (JSON.stringify would overflow its stack). */
function deeplyNested(valid: unknown, path: Path, levels: number, asArray: boolean): Payload {
  const placeholder = JSON.stringify('\u0001deep\u0001');
  const text = JSON.stringify(setAt(valid, path, JSON.parse(placeholder))) ?? placeholder;
  const [open, close] = asArray ? ['[', ']'] : ['{"a":', '}'];
  return raw('deep-nesting', Buffer.from(text.replace(placeholder, `${open.repeat(levels)}"bottom"${close.repeat(levels)}`)));
}

/** The request body's variants: valid, one member broken, the root replaced, or bytes that are not JSON. */
export function payloadArb(schema: Schema | undefined, resolve: Resolve, bodyLimitBytes: number): fc.Arbitrary<Payload> {
  const base: fc.Arbitrary<unknown> = schema ? validArb(schema, resolve) : fc.constant({});
  const mutated = base.chain((valid) => {
    const paths = pathsOf(valid);
    const members = paths.filter((path) => path.length > 0);
    const at = <T>(arb: fc.Arbitrary<T>, list: Path[] = paths) =>
      fc.tuple(fc.nat({ max: Math.max(list.length - 1, 0) }), arb).map(([index, value]) => [list[index] ?? [], value] as const);
    const schemaAt = (path: Path): Schema =>
      path.reduce<Schema>((at, key) => resolve((typeof key === 'number' ? at.items : at.properties?.[key]) ?? {}), schema ? resolve(schema) : {});
    const huge = fc
      .nat({ max: Math.max(members.length - 1, 0) })
      .chain((index) => hugeStringArb(schemaAt(members[index] ?? [])).map((value) => json('huge-string', setAt(valid, members[index] ?? [], value))));
    return fc.oneof(
      { weight: 10, arbitrary: fc.constant(json('valid', valid)) },
      { weight: 2, arbitrary: at(fc.constant(remove), members.length ? members : paths).map(([path]) => json('missing-field', setAt(valid, path, remove))) },
      { weight: 2, arbitrary: fc.tuple(extraKeyArb, wrongValueArb).map(([key, value]) => json('extra-field', setAt(isObject(valid) ? valid : {}, [key], value))) },
      { weight: 3, arbitrary: at(wrongValueArb).map(([path, value]) => json('wrong-type', setAt(valid, path, value))) },
      { weight: 3, arbitrary: at(fc.constantFrom(...unstorable), members).map(([path, value]) => json('nul-or-surrogate', setAt(valid, path, value))) },
      { weight: 2, arbitrary: huge },
      { weight: 1, arbitrary: at(hugeArrayArb, members).map(([path, value]) => json('huge-array', setAt(valid, path, value))) },
      {
        weight: 1,
        arbitrary: at(fc.tuple(fc.constantFrom(5, 31, 32, 33, 200, 4000), fc.boolean())).map(([path, [levels, asArray]]) =>
          deeplyNested(valid, path, levels, asArray),
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom(...contentTypes).map((type) => json(`content-type ${type}`, valid, type)) },
    );
  });
  return fc.oneof(
    { weight: 20, arbitrary: mutated },
    { weight: 1, arbitrary: fc.constant<Payload>({ kind: 'none', label: 'none' }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...invalidUtf8).map((bytes) =>
        raw('invalid-utf8', Buffer.concat([Buffer.from('{"title":"a'), Buffer.from(bytes), Buffer.from('"}')])),
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...malformedJson).map((text) => raw('malformed-json', Buffer.from(text))) },
    { weight: 1, arbitrary: fc.constantFrom('[]', 'null', '"text"', '42', 'true', '[{}]').map((text) => raw('non-object-root', Buffer.from(text))) },
    { weight: 1, arbitrary: fc.constant(raw('oversized', Buffer.from(`{"title":"${'x'.repeat(bodyLimitBytes + 10)}"}`))) },
    { weight: 1, arbitrary: fc.constant(raw('no-content-type', Buffer.from('{}'), null)) },
  );
}
