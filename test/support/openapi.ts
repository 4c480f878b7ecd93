import assert from 'node:assert/strict';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type supertest from 'supertest';
import { openApiDocument } from '../../src/openapi/document';

type Json = Record<string, any>;

/** The document the app serves (built from the same code, once per process); only `servers` differs by site. */
export const document = openApiDocument('http://127.0.0.1') as Json;

// The components are registered once under an id of their own; every $ref is rewritten to point there.
const componentsId = 'https://claim-tracker.test/components.json';
const rewriteRefs = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${componentsId}#/$defs/`));

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect), strict: an unknown keyword or format in the document fails. */
export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema({ $id: componentsId, $defs: rewriteRefs(document.components.schemas) as Json });

const compiled = new Map<string, ValidateFunction>();
function validatorFor(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(schema) as Json);
    compiled.set(key, validate);
  }
  return validate;
}

function assertValid(schema: unknown, value: unknown, what: string): void {
  const validate = validatorFor(schema);
  assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(value).slice(0, 1500)}`);
}

/** A `$ref` to components/<kind>/<name>, resolved. */
function resolve(object: Json): Json {
  const match = typeof object.$ref === 'string' ? /^#\/components\/(\w+)\/(.+)$/.exec(object.$ref) : null;
  return match ? (document.components[match[1]!][match[2]!] as Json) : object;
}

export function documentedOperation(method: string, pathTemplate: string): Json {
  const operation = document.paths[pathTemplate]?.[method.toLowerCase()] as Json | undefined;
  assert.ok(operation, `${method.toUpperCase()} ${pathTemplate} is not in the document`);
  return operation;
}

/**
 * Asserts that a response is one the document promises for this operation: its status is listed,
 * its media type is one of that status's, its body validates against the schema, and every header
 * documented as required is there (and matches its schema).
 */
export function assertMatchesDocumented(response: supertest.Response, method: string, pathTemplate: string): void {
  const what = `${method.toUpperCase()} ${pathTemplate} → ${response.status}`;
  const documented = documentedOperation(method, pathTemplate).responses[String(response.status)] as Json | undefined;
  assert.ok(documented, `${what} is not a documented status: ${response.text?.slice(0, 500)}`);

  for (const [name, reference] of Object.entries((documented.headers ?? {}) as Record<string, Json>)) {
    const header = resolve(reference);
    const value = response.headers[name.toLowerCase()] as string | undefined;
    if (value === undefined) {
      assert.ok(!header.required, `${what}: the header ${name} is documented as always sent, and is missing`);
      continue;
    }
    if (header.schema.type === 'integer') assert.match(value, /^\d+$/, `${what}: header ${name}`);
    else assertValid(header.schema, value, `${what}: header ${name}`);
  }

  if (!documented.content) {
    assert.equal(response.text ?? '', '', `${what} is documented without a body`);
    return;
  }
  const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim();
  const media = documented.content[mediaType] as Json | undefined;
  assert.ok(media, `${what} answered ${mediaType || 'no Content-Type'}; documented: ${Object.keys(documented.content).join(', ')}`);
  const body: unknown = /[/+]json$/.test(mediaType) ? JSON.parse(response.text) : response.text;
  assertValid(media.schema, body, what);
}

/** Asserts that a request body validates against the operation's documented request body. */
export function assertRequestMatchesDocumented(body: unknown, method: string, pathTemplate: string): void {
  const requestBody = documentedOperation(method, pathTemplate).requestBody as Json | undefined;
  assert.ok(requestBody, `${method.toUpperCase()} ${pathTemplate} documents no request body`);
  assertValid(requestBody.content['application/json'].schema, body, `${method.toUpperCase()} ${pathTemplate} request`);
}

/** Whether a body validates against the operation's documented request body (for bodies meant to fail). */
export function requestIsDocumentedValid(body: unknown, method: string, pathTemplate: string): boolean {
  const requestBody = documentedOperation(method, pathTemplate).requestBody as Json;
  return validatorFor(requestBody.content['application/json'].schema)(body) as boolean;
}
