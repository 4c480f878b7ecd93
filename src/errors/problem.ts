import { problemCatalogue, problemTypeUri, type ProblemSlug } from './catalogue';

export type FieldError = { pointer: string; detail: string } | { parameter: string; detail: string };

export type ProblemDocument = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

/** A failure the client can act on; the error handler turns it into application/problem+json. */
export class Problem extends Error {
  constructor(
    readonly slug: ProblemSlug,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? problemCatalogue[slug].title);
    this.name = 'Problem';
  }

  get status(): number {
    return problemCatalogue[this.slug].status;
  }

  toDocument(): ProblemDocument {
    const { status, title } = problemCatalogue[this.slug];
    return {
      type: problemTypeUri(this.slug),
      title,
      status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...this.extensions,
    };
  }
}

export const notFound = (what: string, id: string): Problem =>
  new Problem('not-found', `No ${what} with id ${JSON.stringify(id)}.`);

/** `truncated`: more errors were found than are listed. */
export const validationFailed = (errors: FieldError[], truncated = false): Problem =>
  new Problem('validation-failed', errors.map((error) => error.detail).join('; '), { errors, ...(truncated ? { truncated } : {}) });
