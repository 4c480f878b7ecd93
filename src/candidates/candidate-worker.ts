import { parentPort } from 'node:worker_threads';
import { readCandidates } from './find-candidates';

/** The worker thread's side of candidate-reader.ts: one body in, its candidates out. */
parentPort!.on('message', ({ key, body, language }: { key: string; body: string; language: string }) => {
  try {
    parentPort!.postMessage({ key, candidates: readCandidates(body, language) });
  } catch (error) {
    parentPort!.postMessage({ key, error: error instanceof Error ? error.message : String(error) });
  }
});
