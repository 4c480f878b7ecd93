// Per-request CPU of the hardening on the hot path, in process: helmet's headers, the no-store
// header and the log's URL redaction, each timed over many calls on real ServerResponse objects.
// Run: npx tsx bench/hardening-overhead.bench.ts
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Request, Response } from 'express';
import { loggableUrl } from '../src/http/logging';
import { noStore, securityHeaders } from '../src/http/security-headers';

const calls = 200_000;
const request = new IncomingMessage(new Socket()) as Request;
const responses = Array.from({ length: calls }, () => new ServerResponse(request) as Response);

function time(name: string, run: (index: number) => void): void {
  for (let index = 0; index < 20_000; index++) run(index); // warm up
  const started = process.hrtime.bigint();
  for (let index = 0; index < calls; index++) run(index);
  const ns = Number(process.hrtime.bigint() - started) / calls;
  console.log(`${name.padEnd(48)} ${(ns / 1000).toFixed(2)} µs per request`);
}

const helmet = securityHeaders();
const next = () => {};
time('security headers (helmet policy, 7 headers)', (index) => helmet(request, responses[index]!, next));
time('Cache-Control: no-store on /api/v1', (index) => noStore(request, responses[index]!, next));
time('loggableUrl, no query (/fact-checks/…)', () => loggableUrl('/fact-checks/0b5e6f5e-2f7e-4b8e-9a39-2f0f4ad1c1a7'));
time('loggableUrl, a query (/feed.json?limit=20&cursor=…)', () => loggableUrl('/feed.json?limit=20&cursor=eyJ0IjoiMjAyNi0xMi0wMyJ9'));
time('loggableUrl, ?access_token=…', () => loggableUrl('/api/v1/claims?access_token=ct_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'));
