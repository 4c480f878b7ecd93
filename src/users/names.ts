import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Characters a person's name or a token label may not hold: C0 and C1 controls and DEL (Cc), every
 * format character (Cf: bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, zero
 * widths U+200B–U+200F, the BOM U+FEFF, the soft hyphen, …), the line and paragraph separators and
 * lone surrogates. They are invisible or reorder text, so they let one name pass for another in
 * history, on the desk and in a terminal. Refusing the whole of Cf also refuses ZWJ/ZWNJ, which some
 * scripts use inside words; a newsroom that needs them would allow those two back, nothing else.
 */
export const invisibleOrControl = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Names are stored and compared in NFC, so a precomposed "é" and "e" + U+0301 are one name. */
export const normalizeName = (value: string): string => value.normalize('NFC');

/** class-transformer @Transform: NFC for strings, anything else untouched for the validators to refuse. */
export const nfc = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? normalizeName(value) : value);

export function HasNoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'hasNoControlCharacters',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must not contain control or invisible formatting characters (such as line breaks, U+202E or U+200B)', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && !invisibleOrControl.test(value) },
    });
}
