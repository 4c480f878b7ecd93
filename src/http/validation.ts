import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { validationFailed, type FieldError } from '../errors/problem';

const maxDepth = 32;

/** Turns a JSON body into a validated DTO, or throws a 422 problem naming every bad field. */
export async function parseBody<T extends object>(dto: ClassConstructor<T>, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationFailed([{ pointer: '#', detail: 'the request body must be a JSON object' }]);
  }
  const textErrors = findUnstorableText(body);
  if (textErrors.length > 0) throw validationFailed(textErrors);
  const { instance, errors } = await validateInto(dto, body);
  if (errors.length > 0) {
    throw validationFailed(flatten(errors, '').map(([path, detail]) => ({ pointer: `#${path}`, detail })));
  }
  return instance;
}

/** Same for a query string; numbers arrive as text and are converted by the DTO's @Type. */
export async function parseQuery<T extends object>(dto: ClassConstructor<T>, query: unknown): Promise<T> {
  const plain = { ...(query as Record<string, unknown>) };
  const textErrors = findUnstorableText(plain);
  if (textErrors.length > 0) {
    throw validationFailed(textErrors.map((error) => ({ parameter: pointerToName(error), detail: error.detail })));
  }
  const { instance, errors } = await validateInto(dto, plain);
  if (errors.length > 0) {
    throw validationFailed(flatten(errors, '').map(([path, detail]) => ({ parameter: path.slice(1), detail })));
  }
  return instance;
}

async function validateInto<T extends object>(
  dto: ClassConstructor<T>,
  plain: object,
): Promise<{ instance: T; errors: ValidationError[] }> {
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  return { instance, errors };
}

function flatten(errors: ValidationError[], prefix: string): Array<[string, string]> {
  return errors.flatMap((error) => {
    const path = `${prefix}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message): [string, string] => [path, message]);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * PostgreSQL text cannot hold NUL and would silently replace lone surrogates, so such strings are
 * refused up front rather than stored differently from what was sent. Walks iteratively so that a
 * deeply nested body cannot exhaust the stack.
 */
function findUnstorableText(root: object): Array<{ pointer: string; detail: string }> {
  const errors: Array<{ pointer: string; detail: string }> = [];
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: root, pointer: '#', depth: 0 }];
  while (stack.length > 0 && errors.length < 20) {
    const { value, pointer, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) errors.push({ pointer, detail: `${pointer} must not contain NUL characters` });
      else if (!value.isWellFormed()) errors.push({ pointer, detail: `${pointer} contains an unpaired surrogate` });
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= maxDepth) {
        errors.push({ pointer, detail: `${pointer} is nested deeper than ${maxDepth} levels` });
        continue;
      }
      for (const [key, child] of Object.entries(value)) {
        if (!key.isWellFormed() || key.includes('\u0000')) {
          errors.push({ pointer, detail: `${pointer} has a key that is not valid text` });
        }
        stack.push({ value: child, pointer: `${pointer}/${escapePointer(key)}`, depth: depth + 1 });
      }
    }
  }
  return errors;
}

const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
const pointerToName = (error: FieldError): string => ('pointer' in error ? error.pointer.replace(/^#\/?/, '') : error.parameter);
