/**
 * The floor of the HTTP figures: a bare node:http server that reads a JSON body and answers the
 * JSON a check answers, with nothing else (no framework, validation, logging, database). Whatever
 * the service spends per request beyond this is its HTTP stack and its work.
 */
import { createServer, type Server } from 'node:http';

const ANSWER = JSON.stringify({
  allowed: true,
  user_id: 42,
  platform: 'openai',
  daily_limit_usd: '1000000',
  daily_usage_usd: '3.2',
  daily_remaining_usd: '999996.8',
  daily_window_resets_at: '2026-05-21T00:00:00.000Z',
  weekly_limit_usd: '5000000',
  weekly_usage_usd: '3.2',
  weekly_remaining_usd: '4999996.8',
  weekly_window_resets_at: '2026-05-25T00:00:00.000Z',
  monthly_limit_usd: '20000000',
  monthly_usage_usd: '3.2',
  monthly_remaining_usd: '19999996.8',
  monthly_window_resets_at: '2026-06-19T10:00:00.000Z',
});

export async function startFloor(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString() || '{}');
      } catch {
        response.writeHead(400).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(ANSWER);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
