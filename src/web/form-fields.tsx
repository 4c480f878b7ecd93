import type { ComponentChildren } from 'preact';
import type { FormRefusal } from './form';
import type { PageContext } from './page-context';

/** The summary at the top of a refused form: focusable, announced, and linking to each field. */
export function RefusalSummary({ ctx, refusal }: { ctx: PageContext; refusal: FormRefusal | undefined }) {
  if (!refusal) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p class="error">{ctx.t('form.errorSummary')}</p>
      <p>{refusal.detail}</p>
    </div>
  );
}

type FieldProps = {
  /** The input's id. */
  name: string;
  /** The DTO field whose errors belong here, when the id differs (several forms on one page). */
  errorKey?: string;
  label: string;
  refusal?: FormRefusal;
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
};

/** A label, the field, its hint and its own error messages, wired with aria-describedby. */
export function Field({ name, errorKey, label, refusal, hint, children }: FieldProps) {
  const errors = refusal?.fields[errorKey ?? name] ?? [];
  const ids = [hint ? `${name}-hint` : '', errors.length > 0 ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={name}>{label}</label>
      {hint && (
        <p class="muted hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p class="field-error" id={`${name}-error`}>
          {errors.join('; ')}
        </p>
      )}
      {children(ids, errors.length > 0)}
    </div>
  );
}

/** A link only for http(s) addresses: anything else (javascript:, data:) is shown as text, never followed. */
export function SafeLink({ href, children }: { href: string | null | undefined; children: ComponentChildren }) {
  if (href && /^https?:\/\//i.test(href)) {
    return (
      <a href={href} rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  }
  return <span>{children}</span>;
}
