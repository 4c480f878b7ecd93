import { ldJsonScripts } from './ld-json-scripts';

/** A file or request body to import from: JSON-LD, or an HTML page with embedded JSON-LD. */
export type ImportDocument = { label: string; kind: 'json' | 'html'; text: string } | { label: string; kind: 'parsed'; value: unknown };

/** One JSON-LD root of a document, parsed, or why it could not be. `at` names it: `label`, or `label script N` in a page. */
export type DocumentRoot = { at: string; value: unknown } | { at: string; reason: string };

/** An HTML page or a JSON file, told apart by its name, else by its first character. */
export const kindOf = (name: string, text: string): 'json' | 'html' =>
  /\.x?html?$/i.test(name) || /^\s*</.test(text) ? 'html' : 'json';

export function* documentRoots(document: ImportDocument): Generator<DocumentRoot> {
  const { label } = document;
  if (document.kind === 'parsed') {
    yield { at: label, value: document.value };
    return;
  }
  if (document.kind === 'json') {
    yield parse(label, document.text);
    return;
  }
  const scripts = ldJsonScripts(document.text);
  if (scripts.length === 0) yield { at: label, reason: 'the page has no <script type="application/ld+json">' };
  for (const [index, script] of scripts.entries()) yield parse(`${label} script ${index + 1}`, script);
}

function parse(at: string, text: string): DocumentRoot {
  try {
    return { at, value: JSON.parse(text) };
  } catch (error) {
    return { at, reason: `not valid JSON (${(error as Error).message.slice(0, 200)})` };
  }
}
