/** class-transformer's metadata singleton, which class-validator-jsonschema reads for @Type(): shipped without its own typings. */
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
