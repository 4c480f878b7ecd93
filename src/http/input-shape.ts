import type { ClassConstructor } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { ARRAY_MAX_SIZE, getMetadataStorage, MAX_LENGTH, ValidationTypes } from 'class-validator';

/** What a DTO accepts, read once from its class-validator and class-transformer metadata. */
export type InputShape = ReadonlyMap<string, PropertyShape>;
type PropertyShape = {
  /** The class of a @ValidateNested property (one object, or each item of an array). */
  nested?: ClassConstructor<object>;
  /** Set for array properties: @ArrayMaxSize, or a fallback when a nested array has none. */
  maxItems?: number;
  /** @MaxLength or @MaxCodePoints, with the message the validator would give. */
  maxText?: { max: number; detail: (name: string) => string };
};

/** An array of nested DTOs without @ArrayMaxSize still gets a bound. */
const fallbackMaxItems = 100;
/** The DTOs are shallow (a body, its sources, their fields): a DTO nested in itself stops here. */
const maxDepth = 8;

const shapes = new Map<ClassConstructor<object>, InputShape>();

export function inputShape(dto: ClassConstructor<object>): InputShape {
  let shape = shapes.get(dto);
  if (!shape) {
    shape = readShape(dto);
    shapes.set(dto, shape);
  }
  return shape;
}

function readShape(dto: ClassConstructor<object>): InputShape {
  const shape = new Map<string, PropertyShape>();
  // The same metadata class-validator's whitelist reads: every decorated property is a known key.
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const property = shape.get(meta.propertyName) ?? {};
    if (meta.type === ValidationTypes.NESTED_VALIDATION) {
      const nested = defaultMetadataStorage.findTypeMetadata(dto, meta.propertyName)?.typeFunction();
      if (nested) property.nested = nested as ClassConstructor<object>;
      if (meta.each) property.maxItems ??= fallbackMaxItems;
    }
    if (meta.name === ARRAY_MAX_SIZE) property.maxItems = Math.min(property.maxItems ?? Infinity, meta.constraints[0] as number);
    const max = meta.constraints?.[0] as number;
    if (meta.name === MAX_LENGTH) property.maxText = { max, detail: (name) => `${name} must be shorter than or equal to ${max} characters` };
    if (meta.name === 'maxCodePoints') property.maxText = { max, detail: (name) => `${name} must be at most ${max} characters` };
    shape.set(meta.propertyName, property);
  }
  return shape;
}

export type ScreenError = { pointer: string; detail: string };

/**
 * Walks the input along the DTO's shape before anything transforms it, so that its cost is bounded
 * by the DTO, not by the input: unknown keys, arrays over their maximum and text PostgreSQL cannot
 * store (NUL, unpaired surrogates) and text far over its maximum length are errors, counted up to `maxErrors`. An object or array where
 * the DTO expects a plain value is replaced by an empty one, so that class-validator still says what
 * was expected without class-transformer copying it. The walk never goes deeper than the DTO does.
 */
export function screenInput(
  dto: ClassConstructor<object>,
  input: Record<string, unknown>,
  maxErrors: number,
): { screened: Record<string, unknown>; errors: ScreenError[]; truncated: boolean } {
  const errors: ScreenError[] = [];
  let truncated = false;
  const report = (pointer: string, detail: string): void => {
    if (errors.length < maxErrors) errors.push({ pointer, detail });
    else truncated = true;
  };

  const screenObject = (shape: InputShape, value: Record<string, unknown>, pointer: string, depth = 0): Record<string, unknown> => {
    const copy: Record<string, unknown> = {};
    if (depth > maxDepth) {
      report(pointer, `${pointer} is nested deeper than ${maxDepth} levels`);
      return copy;
    }
    for (const key in value) {
      if (truncated) break;
      const property = shape.get(key);
      const at = `${pointer}/${pointerSegment(key)}`;
      if (property) copy[key] = screenValue(property, value[key], at, key, depth);
      else if (!isText(key)) report(pointer, `${pointer} has a key that is not valid text`);
      else report(at, `property ${shortened(key)} should not exist`);
    }
    return copy;
  };

  const screenValue = (property: PropertyShape, value: unknown, pointer: string, name: string, depth: number): unknown => {
    if (typeof value === 'string') {
      // Over twice the limit in UTF-16 units is over it in characters, however they are counted: refused
      // here, because counting them (validator.js matches every surrogate pair) costs more than the rest.
      if (property.maxText && value.length > 2 * property.maxText.max) {
        report(pointer, property.maxText.detail(name));
        return '';
      }
      return screenText(value, pointer);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      if (property.maxItems === undefined) return [];
      if (value.length > property.maxItems) {
        report(pointer, `${name} must contain no more than ${property.maxItems} elements`);
        return [];
      }
      return value.map((item, index) => screenItem(property, item, `${pointer}/${index}`, depth));
    }
    return property.nested ? screenObject(inputShape(property.nested), value as Record<string, unknown>, pointer, depth + 1) : {};
  };

  const screenItem = (property: PropertyShape, item: unknown, pointer: string, depth: number): unknown => {
    if (typeof item === 'string') return screenText(item, pointer);
    if (typeof item !== 'object' || item === null) return item;
    if (Array.isArray(item) || !property.nested) return Array.isArray(item) ? [] : {};
    return screenObject(inputShape(property.nested), item as Record<string, unknown>, pointer, depth + 1);
  };

  const screenText = (text: string, pointer: string): string => {
    if (text.includes('\u0000')) report(pointer, `${pointer} must not contain NUL characters`);
    else if (!text.isWellFormed()) report(pointer, `${pointer} contains an unpaired surrogate`);
    return text;
  };

  const screened = screenObject(inputShape(dto), input, '#');
  return { screened, errors, truncated };
}

const isText = (key: string): boolean => key.isWellFormed() && !key.includes('\u0000');

/** A key as an RFC 6901 pointer segment, cut short so that a megabyte-long key does not come back in full. */
export const pointerSegment = (key: string): string => shortened(key).replaceAll('~', '~0').replaceAll('/', '~1');

const maxKeyShown = 64;
const shortened = (key: string): string => {
  if (key.length <= maxKeyShown) return key;
  return `${Array.from(key.slice(0, maxKeyShown * 2)).slice(0, maxKeyShown).join('')}…`;
};
