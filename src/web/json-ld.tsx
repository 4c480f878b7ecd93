/**
 * JSON as the text of a script element. `<`, `>` and `&` become \u escapes, so no text inside (a quote
 * holding `</script>` or `<!--`) can end the element or start a comment; U+2028/U+2029 too, for
 * parsers older than ES2019. The escapes are JSON: a parser reads back the very same strings.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * A JSON-LD data block. The one place a page inserts markup unescaped: preact would turn `"` into
 * `&quot;`, which a script element does not decode. It is safe because jsonForScript leaves no `<` in
 * the text, and a data block (type application/ld+json) is never executed, so the CSP's script-src
 * does not apply to it.
 */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />;
}
