/**
 * Logging on Fastify: one pino instance is Fastify's logger (a child per request, bound to its
 * id) and, through PinoNestLogger, Nest's. One JSON line per request, when its response is done,
 * with the request id: the caller's `X-Request-Id` when it is sane, otherwise a new UUID, echoed
 * in the response header either way.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { LoggerService } from '@nestjs/common';
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino, { type Logger } from 'pino';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Fastify's `genReqId` (its `requestIdHeader` would take the header as it comes). */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The process's logger; its level is set from AppConfig once the app exists (configureApp). By
 * default it writes to stdout synchronously: lines leave in the order they were logged, and none
 * is lost when the process exits right after a failure (an asynchronous stream's first write can
 * still be in flight then, and arrive after the lines flushed at exit, or not at all).
 */
export function createRootLogger(destination?: pino.DestinationStream): Logger {
  // Request lines hold the method, URL and status, never headers: no secret to redact.
  const options = { level: 'info' };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

const REQUEST_COMPLETED = 'request completed';

/** A request line waits at most this long, or until this much has gathered, before it is written. */
export const REQUEST_LINES_FLUSH = { bytes: 8192, ms: 100 };

/**
 * The service's log destination: synchronous writes, like the default above, except that the
 * lines of requests answered below 500 gather in memory and leave together, once 8 KB have
 * gathered or 100 ms have passed. Written one at a time, each request cost a system call of its
 * own (3 to 5 µs of CPU on the benchmark's machine, where a whole HTTP check costs about 90) and
 * woke the log's reader once per line. Every other line (start, stop, warnings, errors, a request
 * answered 5xx) is written at once, after those waiting, so the order holds; what waits is
 * written when the process exits, however it exits, except on SIGKILL (up to 100 ms of lines).
 * @param dest a file descriptor (1: stdout) or a path
 */
export function bufferedRequestLines(dest: number | string = 1): pino.DestinationStream {
  const stream = pino.destination({
    dest,
    sync: true,
    minLength: REQUEST_LINES_FLUSH.bytes,
    periodicFlush: REQUEST_LINES_FLUSH.ms,
  });
  process.once('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // Nothing left to write it to.
    }
  });
  // With this symbol set, pino tells the destination each line's level and message first.
  const destination = {
    [pino.symbols.needsMetadataGsym]: true,
    lastLevel: 0,
    lastMsg: undefined as string | undefined,
    write(line: string): void {
      stream.write(line);
      if (destination.lastMsg !== REQUEST_COMPLETED || destination.lastLevel >= pino.levels.values.error)
        stream.flush();
    },
  };
  return destination;
}

/** Fastify's per-request lines: none when a request arrives, one when its response is finished. */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const log = request.log as Logger;
    if (!log.isLevelEnabled(level)) return;
    log[level](
      {
        req: { method: request.method, url: request.url },
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
        ...(error && { err: error }),
      },
      REQUEST_COMPLETED,
    );
  }
}

/** X-Request-Id on every answer, errors included: set as the request arrives. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
}

/** Nest's own progress lines (each module loaded, each route mapped): debug, not info. */
const NEST_PROGRESS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's LoggerService on a pino logger: `{ context, msg }` lines, errors with their stack. */
export class PinoNestLogger implements LoggerService {
  /**
   * @param options.ignore contexts whose lines are dropped (main.ts drops Nest's ExceptionHandler,
   *   whose error it is handed and reports itself)
   */
  constructor(
    private readonly logger: Logger,
    private readonly options: { ignore?: string[] } = {},
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    this.write(typeof context === 'string' && NEST_PROGRESS.has(context) ? 'debug' : 'info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest calls error(message, stack?, context?).
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (context && this.options.ignore?.includes(context)) return;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.logger.error({ context, err: message }, message.message);
    else this.logger.error({ context, ...(stack && { stack }) }, String(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (context && this.options.ignore?.includes(context)) return;
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }
}
