import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { validationFailed } from '../errors/problem';
import { screenInput, type ScreenError } from './input-shape';

/** A request never answers more field errors than this; `truncated: true` says there were more. */
export const maxFieldErrors = 20;

/**
 * Turns a JSON body into a validated DTO, or throws a 422 problem naming the bad fields. The body is
 * screened against the DTO's shape first (see screenInput), so class-transformer and class-validator
 * only ever see an input as large as the DTO allows.
 */
export async function parseBody<T extends object>(dto: ClassConstructor<T>, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationFailed([{ pointer: '#', detail: 'the request body must be a JSON object' }]);
  }
  const { instance, errors, truncated } = await screenAndValidate(dto, body as Record<string, unknown>);
  if (!instance || errors.length > 0) throw validationFailed(errors, truncated);
  return instance;
}

/** Same for a query string (Express's simple parser: text, or arrays of text for repeated names); @Type converts numbers. */
export async function parseQuery<T extends object>(dto: ClassConstructor<T>, query: unknown): Promise<T> {
  const { instance, errors, truncated } = await screenAndValidate(dto, { ...(query as Record<string, unknown>) });
  if (!instance || errors.length > 0) {
    throw validationFailed(errors.map(({ pointer, detail }) => ({ parameter: pointer.replace(/^#\/?/, ''), detail })), truncated);
  }
  return instance;
}

async function screenAndValidate<T extends object>(
  dto: ClassConstructor<T>,
  plain: Record<string, unknown>,
): Promise<{ instance: T; errors: ScreenError[]; truncated: boolean } | { instance?: never; errors: ScreenError[]; truncated: boolean }> {
  const screening = screenInput(dto, plain, maxFieldErrors);
  // Past the cap the screening's errors are the answer; below it, its copy (unknown keys dropped, refused
  // values emptied) is bounded by the DTO and validated too, so that one answer names every bad field.
  if (screening.truncated) return { errors: screening.errors, truncated: true };
  const instance = plainToInstance(dto, screening.screened);
  const found = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  const screened = screening.errors.map(({ pointer }) => pointer);
  const validated = flatten(found, '')
    .map(([path, detail]) => ({ pointer: `#${path}`, detail }))
    .filter(({ pointer }) => !screened.some((refused) => pointer === refused || pointer.startsWith(`${refused}/`)));
  const errors = [...screening.errors, ...validated];
  if (screening.errors.length > 0 || errors.length > 0) {
    return { errors: errors.slice(0, maxFieldErrors), truncated: errors.length > maxFieldErrors };
  }
  return { instance, errors: [], truncated: false };
}

function flatten(errors: ValidationError[], prefix: string): Array<[string, string]> {
  return errors.flatMap((error) => {
    const path = `${prefix}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message): [string, string] => [path, message]);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
