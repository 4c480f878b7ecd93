import { ValidateIf, registerDecorator, type ValidationOptions } from 'class-validator';
import { codePointLength } from '../text/code-points';

/** The property may be left out, but when present it may not be null. */
export const IsOptionalButNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

export function canonicalLanguageTag(value: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

/** `constraints` are not used to validate: they let readers of the metadata (the OpenAPI document) see the rule. */
function validator(name: string, message: string, validate: (value: unknown) => boolean, constraints?: unknown[]) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message, ...options },
        ...(constraints ? { constraints } : {}),
        validator: { validate },
      });
}

export const IsLanguageTag = validator(
  'isLanguageTag',
  '$property must be a BCP 47 language tag such as "id" or "en-GB"',
  (value) => typeof value === 'string' && value.length <= 35 && canonicalLanguageTag(value) !== undefined,
);

/** A calendar date written YYYY-MM-DD that exists (no 2023-02-30, and no year 0000, which a PostgreSQL date cannot hold). */
export const IsCalendarDate = validator('isCalendarDate', '$property must be a date written YYYY-MM-DD', (value) => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
});

/**
 * At most `max` Unicode code points, the unit PostgreSQL's varchar(n) counts. class-validator's
 * MaxLength does not count variation selectors (U+FE0F), so it lets through text the column refuses.
 */
export const MaxCodePoints = (max: number, options?: ValidationOptions): PropertyDecorator =>
  validator(
    'maxCodePoints',
    `$property must be at most ${max} characters`,
    (value) => typeof value === 'string' && codePointLength(value) <= max,
    [max],
  )(options);

/** Text with something in it: not empty and not only white space. */
export const IsNotBlank = validator(
  'isNotBlank',
  '$property must not be blank',
  (value) => typeof value === 'string' && value.trim().length > 0,
);

/** One line of text: no line breaks. */
export const IsSingleLine = validator(
  'isSingleLine',
  '$property must be a single line',
  (value) => typeof value === 'string' && !/[\r\n\u2028\u2029]/.test(value),
);

export const timestampPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO 8601 instant with its UTC offset (or a bare date, meaning midnight UTC), in the years
 * 0000–9999 once in UTC: beyond them toISOString() writes `+010000-…`, which is not a date-time.
 */
export const IsTimestamp = validator(
  'isTimestamp',
  '$property must be an ISO 8601 time with an offset, such as 2023-09-05T08:30:00+07:00',
  (value) => {
    if (typeof value !== 'string' || !timestampPattern.test(value)) return false;
    const time = new Date(value).getTime();
    return !Number.isNaN(time) && /^\d{4}-/.test(new Date(time).toISOString());
  },
);

/** Several decorators applied as one, so a field's rules are written once and shared by DTOs. */
export const composeDecorators =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, propertyName) => {
    for (const decorate of decorators) decorate(target, propertyName);
  };
