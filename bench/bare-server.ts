// The floor to compare against: Express alone, answering from memory with the very bytes and headers
// the claim tracker sent, and the same conditional-request handling (ETag → 304).
import fs from 'node:fs';
import express from 'express';

type Recorded = { path: string; status: number; headers: Record<string, string>; body: string };

const recorded = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Recorded[];
const app = express();
app.disable('x-powered-by');
for (const response of recorded) {
  const body = Buffer.from(response.body, 'base64');
  app.get(response.path, (req, res) => {
    res.set(response.headers);
    if (req.headers['if-none-match'] === response.headers.etag) {
      res.status(304).end();
      return;
    }
    res.status(response.status).end(body);
  });
}
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ msg: 'bare express listening', port: address.port }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
