import type { Resolve, Schema } from './schema-arbitraries';

/** One operation of the served OpenAPI document, in the shape the generators need. */
export type Operation = {
  /** "POST /api/v1/claims/{id}/evidence" */
  key: string;
  method: string;
  template: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  body?: Schema;
  ifMatch: boolean;
  /** The roles the operation is for (x-roles); empty when it needs no token. */
  roles: string[];
};

/** Reads every operation out of the document that GET /openapi.json served. */
export function operationsOf(document: Schema): { operations: Operation[]; resolve: Resolve } {
  const resolve: Resolve = (schema) => {
    // A body of two shapes (POST /articles/{id}/claims: a quote, or fromCandidate) is fuzzed in its first.
    if (Array.isArray(schema?.anyOf)) return resolve(schema.anyOf[0] as Schema);
    const match = typeof schema?.$ref === 'string' ? /^#\/components\/(\w+)\/(.+)$/.exec(schema.$ref) : null;
    return match ? resolve(document.components[match[1]!][match[2]!]) : schema;
  };
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = ((operation.parameters ?? []) as Schema[]).map(resolve);
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name as string),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name as string, schema: p.schema as Schema })),
        body: operation.requestBody?.content?.['application/json']?.schema,
        ifMatch: parameters.some((p) => p.in === 'header' && p.name === 'If-Match'),
        roles: (operation['x-roles'] ?? []) as string[],
      });
    }
  }
  return { operations, resolve };
}
