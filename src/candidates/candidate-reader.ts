import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Problem } from '../errors/problem';
import { candidatesKey, findCandidates, keepCandidates, keptCandidates, type Candidate } from './find-candidates';

/** Below this many characters a body is read on the spot (tens of milliseconds at most). */
const inlineLength = 20_000;
/** Long bodies waiting for the worker thread, beyond the one it reads: more are refused (503). */
const maxWaiting = 8;

type Pending = { resolve: (candidates: Candidate[]) => void; reject: (error: Error) => void };

/**
 * An article's candidates without holding up the server. A long body costs up to a second or more of
 * CPU (docs/candidates.md): read on the event loop, every other request of the instance would wait
 * for it, and anyone who may read articles could keep the instance busy by asking for one long
 * article after another. Long bodies are read by one worker thread instead, one at a time, with a
 * bounded queue; answers are kept by body hash as before.
 */
export async function candidatesOf(body: string, language: string): Promise<Candidate[]> {
  if (body.length < inlineLength) return findCandidates(body, language);
  const key = candidatesKey(body, language);
  const kept = keptCandidates(key);
  if (kept) return kept;
  const candidates = await reader.read(body, language);
  keepCandidates(key, candidates);
  return candidates;
}

class CandidateReader {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  read(body: string, language: string): Promise<Candidate[]> {
    if (this.pending.size > maxWaiting) {
      throw new Problem('candidates-busy', 'Long articles are being read for candidates already; try again in a moment.');
    }
    const id = this.nextId++;
    const worker = this.started();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, body, language });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(path.join(__dirname, `candidate-worker${path.extname(__filename)}`));
    worker.unref(); // an idle reader never keeps the process alive
    worker.on('message', ({ id, candidates, error }: { id: number; candidates?: Candidate[]; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
      if (error !== undefined) waiting?.reject(new Error(`reading candidates failed: ${error}`));
      else waiting?.resolve(candidates!);
    });
    const fail = (error: Error) => {
      this.worker = undefined; // the next read starts a new one
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the candidate reader stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const reader = new CandidateReader();

/**
 * The worker runs the same build as this file: JavaScript from dist/ as it is; TypeScript (tests, `npm run
 * dev`) through tsx's require hook, which a worker does not inherit from its parent's loader.
 */
function startWorker(file: string): Worker {
  if (file.endsWith('.js')) return new Worker(file);
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, { eval: true });
}
