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
export function walkClaimReviews(document: unknown, onSkipped: () => void): Generator<Found> {
  function* visit(value: unknown, at: string, depth: number): Generator<Found> {
    if (depth > maxDepth) {
      yield { kind: 'refused', at, reason: `nested deeper than ${maxDepth} levels` };
      return;
    }
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) yield* visit(value[index], `${at}/${index}`, depth + 1);
      return;
    }
    if (!isNode(value)) {
      yield { kind: 'refused', at, reason: 'not an object: a ClaimReview is a JSON object' };
      return;
    }
    const types = typesOf(value);
    if (types.includes('ClaimReview')) {
      yield { kind: 'review', at, node: value };
    } else if (types.includes('DataFeed')) {
      yield* children(value, 'dataFeedElement', at, depth);
    } else if (types.includes('DataFeedItem')) {
      yield* children(value, 'item', at, depth);
    } else if ('@graph' in value) {
      yield* children(value, '@graph', at, depth);
    } else if (types.length === 0) {
      yield { kind: 'refused', at, reason: 'no @type: not a ClaimReview' };
    } else {
      onSkipped();
    }
  }
  function* children(node: Node, key: string, at: string, depth: number): Generator<Found> {
    if (node[key] !== undefined) yield* visit(node[key], `${at}/${key}`, depth + 1);
  }
  return visit(document, '', 0);
}
