import { parentPort } from 'node:worker_threads';
import { readCandidates } from './find-candidates';

/** The worker thread's side of candidate-reader.ts: one body in, its candidates out. */
parentPort!.on('message', ({ id, body, language }: { id: number; body: string; language: string }) => {
  try {
    parentPort!.postMessage({ id, candidates: readCandidates(body, language) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
