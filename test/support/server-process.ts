import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { childEnv } from './child-env';

// The entry point as an operator runs it: src/main.ts (or a CLI script) in a child process.
const repoRoot = path.resolve(__dirname, '../..');
export const startTimeoutMs = 60_000;
export const stopTimeoutMs = 20_000;

export type LogLine = { level: number; msg: string; [field: string]: unknown };

export type ServerProcess = {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  database: string;
  startupMs: number;
  logs: LogLine[];
  stderr: () => string;
  waitForLog: (msg: string, timeoutMs: number) => Promise<LogLine>;
  exitCode: (timeoutMs: number) => Promise<number | null>;
};

const children = new Set<ChildProcess>();

/** The child's environment: only the service variables a test chooses, on the server defaults below. */
const serverEnv = (env: Record<string, string>): NodeJS.ProcessEnv => childEnv({ PORT: '0', LOG_LEVEL: 'info', ...env });

/**
 * Node's arguments for a script: one of src/ runs built, as `npm start` runs the server (`npm test` builds
 * first, incrementally), which also spares each child the TypeScript loader; test scripts run through tsx.
 */
export function nodeArgs(script: string): string[] {
  return script.startsWith('src/') ? [path.join('dist', script.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', script];
}

export function spawnNode(script: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs(script), ...args], {
    cwd: repoRoot,
    env: serverEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function exitCodeOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** For a test file's `after`: kills whatever child is still running and waits for it. */
export async function killChildren(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...children].map((child) => exitCodeOf(child, stopTimeoutMs).catch(() => null)));
}

/** Runs src/main.ts and waits for its "claim tracker listening" log line. */
export async function startMain(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawnNode('src/main.ts', env);
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      logs.push({ level: 0, msg: line });
    }
    for (const wake of waiters) wake();
  });

  const waitForLog = (msg: string, timeoutMs: number) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = logs.find((line) => line.msg === msg);
        if (found) finish(() => resolve(found));
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(() => reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before "${msg}"; stderr: ${stderr}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no "${msg}" within ${timeoutMs} ms; stderr: ${stderr}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', check);
        settle();
      };
      waiters.add(check);
      child.on('exit', check);
      check();
    });

  const listening = await waitForLog('claim tracker listening', startTimeoutMs);
  const port = Number(listening.port);
  if (!(port > 0)) throw new Error(`listening on ${String(listening.port)}`);
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    database: String(listening.database),
    startupMs: Number(listening.startupMs),
    logs,
    stderr: () => stderr,
    waitForLog,
    exitCode: (timeoutMs) => exitCodeOf(child, timeoutMs),
  };
}

/** Runs a command-line script to its end and returns what it printed. */
export async function runScript(script: string, env: Record<string, string>, args: string[] = [], timeoutMs = startTimeoutMs) {
  const child = spawnNode(script, env, args);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await exitCodeOf(child, timeoutMs);
  return { code, stdout, stderr };
}

export async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exitCode(stopTimeoutMs);
}
