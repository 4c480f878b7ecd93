/** `'a', 'b'` for a CHECK constraint over a fixed list of code-defined values (never user input). */
export const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
