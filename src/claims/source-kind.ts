export const sourceKinds = [
  'person',
  'official',
  'government',
  'news_outlet',
  'wire_agency',
  'anonymous_sources',
  'document',
  'other',
] as const;
export type SourceKind = (typeof sourceKinds)[number];
