import type { ClassConstructor } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, IS_OPTIONAL, IS_URL, MAX, MIN, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { maxNegationRun, maxSearchWords } from '../claims/claim-search';
import { timestampPattern } from '../http/validators';
import type { JsonSchema } from './schemas';

/**
 * class-validator-jsonschema knows the built-in decorators; these are the project's own (src/http/validators.ts)
 * and a few built-ins whose default conversion is not JSON Schema 2020-12 (format "url", `type: number` on Min/Max).
 */
const converters: ISchemaConverters = {
  isLanguageTag: { type: 'string', maxLength: 35, description: 'A BCP 47 language tag, such as "id" or "en-GB".' },
  isCalendarDate: { type: 'string', format: 'date' },
  isTimestamp: {
    type: 'string',
    pattern: timestampPattern.source,
    description: 'An ISO 8601 time with its offset (2023-09-05T08:30:00+07:00), or a date meaning midnight UTC.',
  },
  isNotBlank: { type: 'string', pattern: '\\S' },
  isSingleLine: { type: 'string', pattern: '^[^\\r\\n\\u2028\\u2029]*$' },
  hasNoControlCharacters: {
    type: 'string',
    pattern: '^[^\\r\\n\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*$',
    description: 'No control or invisible formatting characters (Unicode Cc, Cf, Zl, Zp); stored NFC-normalised.',
  },
  isSearchableQuery: {
    type: 'string',
    description: `Web-search syntax; at most ${maxSearchWords} words and ${maxNegationRun} minus signs with no word between them.`,
  },
  maxCodePoints: (meta) => ({ type: 'string', maxLength: meta.constraints[0] as number }),
  [IS_URL]: { type: 'string', format: 'uri' },
  [MIN]: (meta) => ({ minimum: meta.constraints[0] as number }),
  [MAX]: (meta) => ({ maximum: meta.constraints[0] as number }),
};

const options = {
  refPointerPrefix: '#/components/schemas/',
  additionalConverters: converters,
  classTransformerMetadataStorage: defaultMetadataStorage,
};

/** Properties marked @IsOptional(): class-validator skips them when null as well as when absent. */
function optionalProperties(dto: ClassConstructor<object>): Set<string> {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return new Set(
    metadatas
      .filter((meta) => meta.type === ValidationTypes.CONDITIONAL_VALIDATION && meta.name === IS_OPTIONAL)
      .map((meta) => meta.propertyName),
  );
}

const orNull = (schema: JsonSchema): JsonSchema => {
  if (typeof schema.type === 'string') {
    return { ...schema, type: [schema.type, 'null'], ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}) };
  }
  return { anyOf: [schema, { type: 'null' }] };
};

/** The JSON Schema of a DTO as its validation accepts it: @IsOptional() fields may be null, defaults from the class. */
function dtoSchema(dto: ClassConstructor<object>, { nullable = true } = {}): JsonSchema {
  const generated = targetConstructorToSchema(dto, options) as JsonSchema;
  const defaults = new dto() as Record<string, unknown>;
  const optional = optionalProperties(dto);
  const properties = Object.fromEntries(
    Object.entries((generated.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => {
      const withDefault = defaults[name] === undefined ? schema : { ...schema, default: defaults[name] };
      return [name, nullable && optional.has(name) ? orNull(withDefault) : withDefault];
    }),
  );
  // Unknown fields are refused (forbidNonWhitelisted), so the schema is closed.
  return { ...generated, properties, additionalProperties: false };
}

/** The query parameters of a query DTO (PageQuery and the like). */
export function queryParameters(dto: ClassConstructor<object>): JsonSchema[] {
  const schema = dtoSchema(dto, { nullable: false });
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

/** Schemas of request DTOs and of the DTOs nested in them (@ValidateNested + @Type), keyed by class name. */
export function dtoComponents(dtos: Array<ClassConstructor<object>>): Record<string, JsonSchema> {
  const components: Record<string, JsonSchema> = {};
  const pending = [...dtos];
  while (pending.length > 0) {
    const dto = pending.pop()!;
    if (components[dto.name]) continue;
    components[dto.name] = dtoSchema(dto);
    pending.push(...nestedDtos(dto));
  }
  return components;
}

function nestedDtos(dto: ClassConstructor<object>): Array<ClassConstructor<object>> {
  return getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .filter((meta) => meta.type === ValidationTypes.NESTED_VALIDATION)
    .map((meta) => defaultMetadataStorage.findTypeMetadata(dto, meta.propertyName)?.typeFunction() as ClassConstructor<object> | undefined)
    .filter((nested): nested is ClassConstructor<object> => nested !== undefined);
}
