import { notFound } from '../errors/problem';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** A path id that is not a UUID names nothing: 404, the same as an id that does not exist. */
export function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw notFound(what, String(value ?? ''));
  return value.toLowerCase();
}
