import { Problem } from '../errors/problem';
import { csrfField } from './csrf';

/**
 * A urlencoded form as the API's JSON body would carry it, for the same DTO: empty fields are left
 * out (as an API client would omit them), the form token and `ignore`d fields are dropped, and `integers` are whole
 * numbers when they look like one (anything else stays text, for the DTO to refuse by name).
 */
export function formAsBody(
  form: unknown,
  { integers = [], ignore = [] }: { integers?: readonly string[]; ignore?: readonly string[] } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries((form ?? {}) as Record<string, unknown>)) {
    if (name === csrfField || ignore.includes(name) || value === '' || value === undefined || value === null) continue;
    body[name] = integers.includes(name) && typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  }
  return body;
}

/** What a form's fields say, as text, to show them again after a refusal (the person's input is kept). */
export function formValues(form: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((form ?? {}) as Record<string, unknown>).flatMap(([name, value]) => (typeof value === 'string' && name !== csrfField ? [[name, value]] : [])),
  );
}

/** A refusal shown on the form: the problem's own message, and its messages per field (`#/quote` → `quote`). */
export type FormRefusal = { detail: string; fields: Record<string, string[]> };

export function formRefusal(problem: Problem): FormRefusal {
  const fields: Record<string, string[]> = {};
  const errors = problem.extensions.errors;
  if (Array.isArray(errors)) {
    for (const error of errors as Array<{ pointer?: string; parameter?: string; detail?: string }>) {
      const field = (error.pointer ?? error.parameter ?? '').replace(/^#\/?/, '').split('/')[0] ?? '';
      (fields[field] ??= []).push(error.detail ?? '');
    }
  }
  return { detail: problem.detail ?? problem.message, fields };
}

/** Runs a form's action; a Problem (refused input, a guard) becomes the refusal to show, anything else is thrown on. */
export async function tryForm<T>(action: () => Promise<T>): Promise<{ done: T } | { refused: FormRefusal; status: number }> {
  try {
    return { done: await action() };
  } catch (error) {
    if (error instanceof Problem && error.status < 500) return { refused: formRefusal(error), status: error.status };
    throw error;
  }
}
