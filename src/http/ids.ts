import { notFound } from '../errors/problem';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** A path id that is not a UUID names nothing: 404, the same as an id that does not exist. */
export function requireId(value: string | undefined, what: string): string {
  if (value === undefined || !isUuid(value)) throw notFound(what, value ?? '');
  return value.toLowerCase();
}
