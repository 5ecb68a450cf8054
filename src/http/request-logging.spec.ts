import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bufferedRequestLines, createRootLogger, REQUEST_LINES_FLUSH } from './request-logging.js';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('bufferedRequestLines', () => {
  let folder: string;
  let file: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'quota-log-'));
    file = join(folder, 'service.log');
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const written = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; reqId?: string; level: number });

  function request(log: ReturnType<typeof createRootLogger>, reqId: string, statusCode = 200) {
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    log.child({ reqId })[level]({ res: { statusCode } }, 'request completed');
  }

  it('holds request lines until a line of another kind, then writes them all first, in order', () => {
    const log = createRootLogger(bufferedRequestLines(file));
    request(log, 'a');
    request(log, 'b', 429);
    expect(written()).toEqual([]);
    log.info({ context: 'Main' }, 'Listening on port 3000');
    expect(written().map((line) => line.reqId ?? line.msg)).toEqual(['a', 'b', 'Listening on port 3000']);
  });

  it('writes a request answered 5xx at once, behind those waiting', () => {
    const log = createRootLogger(bufferedRequestLines(file));
    request(log, 'ok');
    request(log, 'failed', 503);
    expect(written().map((line) => line.reqId)).toEqual(['ok', 'failed']);
  });

  it('writes waiting request lines within the flush interval', async () => {
    const log = createRootLogger(bufferedRequestLines(file));
    request(log, 'quiet');
    expect(written()).toEqual([]);
    await sleep(REQUEST_LINES_FLUSH.ms * 3);
    expect(written().map((line) => line.reqId)).toEqual(['quiet']);
  });

  it('writes as soon as 8 KB have gathered', () => {
    const log = createRootLogger(bufferedRequestLines(file));
    let count = 0;
    while (written().length === 0) {
      request(log, `r${++count}`);
      expect(count).toBeLessThan(1000);
    }
    const size = readFileSync(file).length;
    expect(size).toBeGreaterThanOrEqual(REQUEST_LINES_FLUSH.bytes);
    expect(written().map((line) => line.reqId)).toEqual(Array.from({ length: count }, (_, i) => `r${i + 1}`));
  });

  it.each([
    ['process.exit()', 'process.exit(0);'],
    ['the event loop running out of work', ''],
  ])('writes what waits when the process exits by %s', (_how, exit) => {
    const module = join(process.cwd(), 'src', 'http', 'request-logging.ts');
    const script = [
      `import { bufferedRequestLines, createRootLogger } from ${JSON.stringify(module)};`,
      `const log = createRootLogger(bufferedRequestLines(${JSON.stringify(file)}));`,
      `log.child({ reqId: 'last' }).info({ res: { statusCode: 200 } }, 'request completed');`,
      exit,
    ].join('\n');
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
    expect(written().map((line) => line.reqId)).toEqual(['last']);
  });
});
