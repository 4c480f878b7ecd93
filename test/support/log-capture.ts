import { Writable } from 'node:stream';

export type LogLine = { level: number; msg?: string; [field: string]: unknown };

/** pino's numeric levels: 40 warn, 50 error, 60 fatal. */
export const errorLevel = 50;

/** A stream for createLogger that keeps every JSON line in memory (start the app with LOG_LEVEL info or lower). */
export function captureLog(): { stream: Writable; lines: () => LogLine[]; text: () => string } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      raw.push(...String(chunk).split('\n').filter((line) => line.length > 0));
      done();
    },
  });
  return { stream, lines: () => raw.map((line) => JSON.parse(line) as LogLine), text: () => raw.join('\n') };
}
