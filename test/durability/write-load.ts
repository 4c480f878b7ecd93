import { articleBody, uniqueToken } from '../support/factories';

/** A write the server answered with a 2xx: what a client may rely on having been stored. */
export type Ack =
  | { kind: 'article'; articleId: string }
  | { kind: 'claim'; claimId: string; version: 1 }
  | { kind: 'status.changed' | 'evidence.added' | 'claim.updated'; claimId: string; version: number; evidenceId?: string };

export type LoadOutcome = {
  acks: Ack[];
  /** Requests sent that never got an answer (the server went away under them). */
  unanswered: number;
  /** 2xx answers whose body was cut off, so what they created is unknown (not counted in acks). */
  cutOff: number;
  /** Answers other than 2xx: there should be none, every request is valid. */
  refused: Array<{ step: string; status: number; body: unknown }>;
};

type Step = {
  name: Ack['kind'];
  method: 'POST' | 'PATCH';
  path: (state: State) => string;
  ifMatch: boolean;
  body: (state: State) => unknown;
};
type State = { token: string; articleId?: string; claimId?: string; version: number };

/** The life of one claim, every step a write that needs the one before it: 6 writes, versions 1 to 5. */
const steps: Step[] = [
  {
    name: 'article',
    method: 'POST',
    path: () => '/api/v1/articles',
    ifMatch: false,
    body: (state) => ({ title: `Durability ${state.token}`, language: 'en', body: articleBody(state.token) }),
  },
  {
    name: 'claim',
    method: 'POST',
    path: (state) => `/api/v1/articles/${state.articleId}/claims`,
    ifMatch: false,
    body: () => ({ quote: 'the new bridge cost 5 million dollars', claimant: 'The ministry' }),
  },
  { name: 'status.changed', method: 'POST', path: (state) => `/api/v1/claims/${state.claimId}/transitions`, ifMatch: true, body: () => ({ to: 'in_progress' }) },
  {
    name: 'evidence.added',
    method: 'POST',
    path: (state) => `/api/v1/claims/${state.claimId}/evidence`,
    ifMatch: true,
    body: (state) => ({ url: `https://evidence.test/${state.token}`, stance: 'refutes' }),
  },
  { name: 'claim.updated', method: 'PATCH', path: (state) => `/api/v1/claims/${state.claimId}`, ifMatch: true, body: (state) => ({ summary: `Checked ${state.token}` }) },
  {
    name: 'status.changed',
    method: 'POST',
    path: (state) => `/api/v1/claims/${state.claimId}/transitions`,
    ifMatch: true,
    body: () => ({ to: 'in_review', rating: 'false', rationale: 'The budget says 9 million.' }),
  },
];

function ackOf(step: Step, state: State, body: Record<string, any>): Ack {
  if (step.name === 'article') return { kind: 'article', articleId: body.id };
  if (step.name === 'claim') return { kind: 'claim', claimId: body.id, version: 1 };
  return { kind: step.name, claimId: state.claimId!, version: state.version + 1, ...(step.name === 'evidence.added' ? { evidenceId: body.id } : {}) };
}

/**
 * `workers` clients each take new claims through `steps` until the server stops answering or
 * `stopWhen` says so. `onAck` runs as each 2xx arrives (to kill the server at the n-th, mid-load).
 */
export async function driveWrites(options: {
  baseUrl: string;
  token: string;
  workers: number;
  runToken: string;
  onAck: (count: number) => void;
}): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { acks: [], unanswered: 0, cutOff: 0, refused: [] };
  const worker = async () => {
    for (;;) {
      const state: State = { token: `${options.runToken}-${uniqueToken()}`, version: 0 };
      for (const step of steps) {
        let response: Response | undefined;
        let body: Record<string, any>;
        try {
          response = await fetch(`${options.baseUrl}${step.path(state)}`, {
            method: step.method,
            headers: {
              authorization: `Bearer ${options.token}`,
              'content-type': 'application/json',
              ...(step.ifMatch ? { 'if-match': `"v${state.version}"` } : {}),
            },
            body: JSON.stringify(step.body(state)),
            signal: AbortSignal.timeout(30_000),
          });
          body = (await response.json()) as Record<string, any>;
        } catch {
          if (response && response.status < 300) outcome.cutOff++;
          else outcome.unanswered++;
          return;
        }
        if (response.status >= 300) {
          outcome.refused.push({ step: step.name, status: response.status, body });
          return;
        }
        const ack = ackOf(step, state, body);
        outcome.acks.push(ack);
        if (ack.kind === 'article') state.articleId = ack.articleId;
        else ({ claimId: state.claimId, version: state.version } = ack);
        options.onAck(outcome.acks.length);
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return outcome;
}
