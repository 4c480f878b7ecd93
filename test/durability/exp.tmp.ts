import { editorToken, loadThenSignal, scenarioDatabase, serverEnv } from './load-and-signal';
import { startMain } from '../support/server-process';
import { uniqueToken } from '../support/factories';
(async () => {
  const database = scenarioDatabase();
  const runToken = uniqueToken();
  const token = await editorToken(database, `exp-${runToken}`);
  const server = await startMain(serverEnv(database));
  const load = await loadThenSignal(server, { token, runToken, signal: 'SIGTERM', signalAfter: 30, workers: 8 });
  const msgs = server.logs.filter((l) => l.msg !== 'request' || true).map((l) => `${l.time} ${l.msg} ${l.status ?? ''}`);
  const i = msgs.findIndex((m) => m.includes('stopping'));
  console.log(msgs.slice(Math.max(0, i - 3), i + 6).join('\n'), '\n...\n', msgs.slice(-6).join('\n'));
  console.log('acks', load.acks.length, 'unanswered', load.unanswered, 'exit', load.exit);
  process.exit(0);
})();
