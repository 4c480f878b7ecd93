import { Parser } from 'htmlparser2';

/** The text of every `<script type="application/ld+json">` of an HTML page, in page order. */
export function ldJsonScripts(html: string): string[] {
  const scripts: string[] = [];
  let current: string[] | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const type = (attributes.type ?? '').split(';')[0]!.trim().toLowerCase();
        if (name === 'script' && type === 'application/ld+json') current = [];
      },
      ontext(data) {
        current?.push(data);
      },
      onclosetag(name) {
        if (name === 'script' && current) {
          scripts.push(current.join(''));
          current = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return scripts;
}
