import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Problem } from '../errors/problem';
import { candidatesKey, findCandidates, keepCandidates, keptCandidates, type Candidate } from './find-candidates';

/** Below this many characters a body is read on the spot (tens of milliseconds at most). */
const inlineLength = 20_000;
/** Long bodies the worker thread reads or has waiting: more are refused (503). */
const maxQueued = 9;
/** Of those, how many one person's requests may hold, so that nobody can keep the queue full alone. */
const maxQueuedPerPerson = 2;
/** A read that takes longer (a body far beyond the 400,000 characters measured at 2.6 s) is stopped. */
const readTimeoutMs = 30_000;

const busy = () => new Problem('candidates-busy', 'Long articles are being read for candidates already; try again in a moment.');

/**
 * An article's candidates without holding up the server. A long body costs up to a second or more of
 * CPU (docs/candidates.md): read on the event loop, every other request of the instance would wait
 * for it, and anyone who may read articles could keep the instance busy by asking for one long
 * article after another. Long bodies are read by one worker thread instead, one at a time, from a
 * bounded queue with a share per person; requests for the same body wait for the one reading, and
 * answers are kept by body hash as before.
 */
export async function candidatesOf(body: string, language: string, personId: string): Promise<Candidate[]> {
  if (body.length < inlineLength) return findCandidates(body, language);
  const key = candidatesKey(body, language);
  return keptCandidates(key) ?? reader.read(key, body, language, personId);
}

type Queued = { worker: Worker; personId: string; reading: Promise<Candidate[]>; settle: (result: { candidates?: Candidate[]; error?: Error }) => void };

class CandidateReader {
  private worker: Worker | undefined;
  /** By body key (also what the worker answers under): a second request for a body already queued joins it. */
  private readonly queued = new Map<string, Queued>();
  /** When the worker last answered, or last started on an empty queue. */
  private lastAnswer = 0;

  read(key: string, body: string, language: string, personId: string): Promise<Candidate[]> {
    const joined = this.queued.get(key);
    if (joined) return joined.reading;
    const mine = [...this.queued.values()].filter((entry) => entry.personId === personId).length;
    if (this.queued.size >= maxQueued || mine >= maxQueuedPerPerson) throw busy();
    const worker = this.started();
    let settle!: Queued['settle'];
    const reading = new Promise<Candidate[]>((resolve, reject) => {
      settle = ({ candidates, error }) => {
        this.queued.delete(key);
        if (this.queued.size === 0) worker.unref();
        if (candidates) keepCandidates(key, candidates);
        if (candidates) resolve(candidates);
        else reject(error);
      };
    });
    if (this.queued.size === 0) this.lastAnswer = Date.now(); // the worker starts on this one now
    this.queued.set(key, { worker, personId, reading, settle });
    worker.ref();
    worker.postMessage({ key, body, language });
    return reading;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(path.join(__dirname, `candidate-worker${path.extname(__filename)}`));
    worker.unref(); // an idle reader never keeps the process alive
    // The worker reads one body after another: with reads queued, it answers one at least every readTimeoutMs,
    // or it is stuck (a body far beyond any measured) and is replaced, its reads answered 503.
    const watchdog = setInterval(() => {
      if (this.queued.size > 0 && Date.now() - this.lastAnswer > readTimeoutMs) void worker.terminate();
    }, 1_000).unref();
    worker.on('message', ({ key, candidates, error }: { key: string; candidates?: Candidate[]; error?: string }) => {
      this.lastAnswer = Date.now();
      const entry = this.queued.get(key);
      if (entry?.worker === worker) entry.settle(error === undefined ? { candidates } : { error: new Error(`reading candidates failed: ${error}`) });
    });
    const stopped = () => {
      clearInterval(watchdog);
      if (this.worker === worker) this.worker = undefined; // the next read starts a new one
      const error = new Problem('candidates-busy', 'The reader of long articles stopped before it answered; try again in a moment.');
      for (const entry of [...this.queued.values()]) if (entry.worker === worker) entry.settle({ error });
    };
    worker.on('error', () => {
      if (this.worker === worker) this.worker = undefined; // reads from now on go to a new one
      void worker.terminate(); // then 'exit' answers what this one held
    });
    worker.on('exit', stopped);
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
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`, { eval: true });
}
