import { CreateArticlesAndClaims1795786000000 } from './1795786000000-CreateArticlesAndClaims';

/** Every migration, oldest first. Listed explicitly so tsx and the compiled build load the same set. */
export const migrations = [CreateArticlesAndClaims1795786000000];
