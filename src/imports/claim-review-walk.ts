import { isNode, typesOf, type Node } from './json-ld';

/**
 * What a walk through a JSON-LD document finds: a ClaimReview to import, or an entry that should have
 * been one and is refused. `at` says where (a JSON pointer, after the document's own label).
 */
export type Found = { kind: 'review'; at: string; node: Node } | { kind: 'refused'; at: string; reason: string };

/** JSON-LD nests a few levels (a page's @graph, a feed's items); anything deeper is no ClaimReview. */
const maxDepth = 16;

/**
 * Every ClaimReview in a document, in document order: one object, an array, a `@graph`, a schema.org
 * `DataFeed` (its `dataFeedElement`, each a ClaimReview or a `DataFeedItem` whose `item` is one).
 * Nodes of other types (a page's WebPage, BreadcrumbList, Organization…) are passed over and counted
 * in `skipped`; an entry that is no object, or an object with no @type, is refused.
 */
export function walkClaimReviews(document: unknown, onSkipped: () => void): Found[] {
  // A plain recursion into one array: nested generators cost more than the checks of every record together.
  const found: Found[] = [];
  const visit = (value: unknown, at: string, depth: number): void => {
    if (depth > maxDepth) {
      found.push({ kind: 'refused', at, reason: `nested deeper than ${maxDepth} levels` });
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) visit(value[index], `${at}/${index}`, depth + 1);
    } else if (!isNode(value)) {
      found.push({ kind: 'refused', at, reason: 'not an object: a ClaimReview is a JSON object' });
    } else {
      const types = typesOf(value);
      const child = (key: string) => value[key] !== undefined && visit(value[key], `${at}/${key}`, depth + 1);
      if (types.includes('ClaimReview')) found.push({ kind: 'review', at, node: value });
      else if (types.includes('DataFeed')) child('dataFeedElement');
      else if (types.includes('DataFeedItem')) child('item');
      else if ('@graph' in value) child('@graph');
      else if (types.length === 0) found.push({ kind: 'refused', at, reason: 'no @type: not a ClaimReview' });
      else onSkipped();
    }
  };
  visit(document, '', 0);
  return found;
}
