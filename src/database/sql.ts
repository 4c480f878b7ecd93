/** `'a', 'b'` for a CHECK constraint over a fixed list of code-defined values (never user input). */
export const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/** Text matched literally by `LIKE ... ESCAPE '\'`: its `%`, `_` and backslashes are escaped. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * Positional parameters for hand-written SQL: `add` stores a value and answers its placeholder, so
 * clauses can be assembled in any order without counting `$n` by hand.
 */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
