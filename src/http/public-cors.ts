import cors from 'cors';

/**
 * CORS for what anyone may read (the public face, /openapi.json): any origin, GET and HEAD, with the
 * preflight a conditional request needs; the validators and rate-limit headers readable by scripts.
 */
export const publicCors = cors({
  origin: '*',
  methods: ['GET', 'HEAD'],
  exposedHeaders: ['ETag', 'Last-Modified', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
});
