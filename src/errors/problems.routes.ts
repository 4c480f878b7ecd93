import { Router } from 'express';
import { notFound } from './problem';
import { problemCatalogue, problemTypeUri, type ProblemSlug } from './catalogue';

/** Makes every problem `type` URI resolvable: GET /problems/<slug> describes that problem. */
export function problemsRouter(): Router {
  const router = Router();
  const describe = (slug: ProblemSlug) => ({ type: problemTypeUri(slug), ...problemCatalogue[slug] });
  router.get('/', (_req, res) => {
    res.json((Object.keys(problemCatalogue) as ProblemSlug[]).map(describe));
  });
  router.get('/:slug', (req, res) => {
    const slug = req.params.slug;
    if (!Object.hasOwn(problemCatalogue, slug)) throw notFound('problem type', slug);
    res.json(describe(slug as ProblemSlug));
  });
  return router;
}
