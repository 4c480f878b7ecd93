/** Characters a terminal would act on or hide: controls, format characters (bidi overrides, zero widths), separators, lone surrogates. */
const unprintable = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * Text for a terminal: every such character as a JSON-style escape (\u202e), so a name stored before
 * names were checked cannot move the cursor, recolour the screen or reorder what follows it.
 */
export const printable = (text: string): string =>
  text.replace(unprintable, (character) => {
    const code = character.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
