import { validationFailed, type FieldError } from '../errors/problem';
import { passwordLength } from '../web/passwords';
import type { PageContext } from '../web/page-context';

/** Field name → the message shown beside it. */
export type FieldErrors = Partial<Record<string, string>>;

/** The Problem's field errors (`#/name`) by field, as a form shows them. */
export const fieldErrorsOf = (errors: FieldError[] | undefined): FieldErrors =>
  Object.fromEntries((errors ?? []).map((error) => ['pointer' in error ? error.pointer.replace(/^#\//, '') : error.parameter, error.detail]));

/** The same rule as passwords.ts (length), plus the two entries agreeing; a 422 Problem with field errors. */
export function checkNewPassword(password: string, again: string, ctx: PageContext): void {
  const errors: FieldError[] = [];
  if ([...password].length < passwordLength.min || password.length > passwordLength.max) {
    errors.push({ pointer: '#/password', detail: ctx.t('password.tooShortOrLong', passwordLength) });
  } else if (password !== again) {
    errors.push({ pointer: '#/passwordAgain', detail: ctx.t('password.differ') });
  }
  if (errors.length > 0) throw validationFailed(errors);
}

/** A message under its field, named by the field's aria-describedby. */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

const describedBy = (id: string, errors: FieldErrors): string | undefined => (errors[id] ? `${id}-error` : undefined);

/** The new password, twice. Never filled in again after a failed post. */
export function NewPasswordFields({ ctx, errors }: { ctx: PageContext; errors: FieldErrors }) {
  return (
    <>
      <label for="password">{ctx.t('password.label', { min: passwordLength.min })}</label>
      <input
        id="password" name="password" type="password" autocomplete="new-password" required
        minlength={passwordLength.min} maxlength={passwordLength.max}
        aria-invalid={errors.password ? 'true' : undefined} aria-describedby={describedBy('password', errors)}
      />
      <FieldMessage id="password" message={errors.password} />
      <label for="passwordAgain">{ctx.t('password.again')}</label>
      <input
        id="passwordAgain" name="passwordAgain" type="password" autocomplete="new-password" required maxlength={passwordLength.max}
        aria-invalid={errors.passwordAgain ? 'true' : undefined} aria-describedby={describedBy('passwordAgain', errors)}
      />
      <FieldMessage id="passwordAgain" message={errors.passwordAgain} />
    </>
  );
}

export { describedBy };
