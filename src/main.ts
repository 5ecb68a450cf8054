import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';

import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp, createAdapter } from './app.setup.js';
import { EXIT_CODES, StartupError } from './common/startup-error.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { bufferedRequestLines, createRootLogger, PinoNestLogger } from './http/request-logging.js';

/**
 * The service's process. Everything it writes is a JSON line on stdout, from the first (a wrong
 * variable) to the last (stopped); a failure a person can fix is one line saying what to fix,
 * without a stack trace, and the exit code says its kind (EXIT_CODES, README "Exit codes").
 */
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

const logger = createRootLogger(bufferedRequestLines());

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  // A failed start is rethrown to fail() below, which reports it, instead of printed by Nest's
  // ExceptionHandler (and, for a failed listen, NestApplication) with its stack.
  const nestLogger = new PinoNestLogger(logger, { ignore: ['ExceptionHandler', 'NestApplication'] });
  const app = configureApp(
    await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config }), createAdapter(logger), {
      ...APP_OPTIONS,
      bufferLogs: false,
      logger: nestLogger,
      abortOnError: false,
    }),
    nestLogger,
  );
  stopOnSignals(app, config);
  const { http } = config;
  try {
    await app.listen({ port: http.port, host: '0.0.0.0', backlog: http.backlog });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw listenFailure(error, http.port);
  }
  const server = app.getHttpServer();
  if (http.maxConnections > 0) server.maxConnections = http.maxConnections;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : address;
  logger.info({ context: 'Main', port }, `Listening on port ${port}; the console at /, API docs at /docs`);
}

/**
 * On SIGTERM or SIGINT the app closes (answering 503 from then on, finishing what was accepted,
 * writing queued charges, closing the database) and the process exits 0; a shutdown that fails
 * or overruns SHUTDOWN_TIMEOUT_MS exits 1. Signals after the first change nothing: `npm start`
 * passes on the Ctrl-C (or SIGTERM) that its process group also delivered to the service, and a
 * shutdown is bounded anyway.
 */
function stopOnSignals(app: NestFastifyApplication, config: AppConfig): void {
  const log = logger.child({ context: 'Main' });
  const timeoutMs = config.http.shutdownTimeoutMs;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.info({ signal }, `Received ${signal} while stopping; still stopping`);
      return;
    }
    stopping = true;
    setTimeout(() => {
      log.error(`Shutdown did not finish within SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); exiting`);
      process.exit(EXIT_CODES.unexpected);
    }, timeoutMs).unref();
    log.info({ signal }, `Received ${signal}; stopping`);
    try {
      await app.close();
      log.info({ exitCode: EXIT_CODES.stopped }, 'Stopped');
      process.exit(EXIT_CODES.stopped);
    } catch (error) {
      log.error({ err: error, exitCode: EXIT_CODES.unexpected }, 'Shutdown failed');
      process.exit(EXIT_CODES.unexpected);
    }
  };
  for (const signal of SIGNALS) process.on(signal, (received) => void stop(received));
}

function listenFailure(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${port} is in use by another process: stop it, or set PORT to a free port.`,
      EXIT_CODES.port,
      'PORT',
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `Port ${port} may not be listened on by this user (ports below 1024 need privileges): set PORT to 1024 or above.`,
      EXIT_CODES.port,
      'PORT',
    );
  }
  return error;
}

/** The last lines of a start that failed, then the exit. */
function fail(log: Logger, error: unknown): never {
  if (error instanceof ConfigError) {
    for (const { variable, message } of error.problems) log.fatal({ variable }, `${variable}: ${message}`);
    log.fatal({ exitCode: error.exitCode }, 'Not starting: the configuration above is invalid (environment or .env)');
  } else if (error instanceof StartupError) {
    log.fatal({ variable: error.variable, exitCode: error.exitCode }, error.message);
  } else {
    log.fatal({ err: error, exitCode: EXIT_CODES.unexpected }, 'Not starting: unexpected error');
  }
  process.exit(error instanceof StartupError ? error.exitCode : EXIT_CODES.unexpected);
}

process.on('uncaughtException', (error) => {
  logger.fatal({ err: error, exitCode: EXIT_CODES.unexpected }, 'Uncaught exception; exiting');
  process.exit(EXIT_CODES.unexpected);
});
process.on('unhandledRejection', (reason) => {
  logger.fatal({ err: reason, exitCode: EXIT_CODES.unexpected }, 'Unhandled promise rejection; exiting');
  process.exit(EXIT_CODES.unexpected);
});

bootstrap().catch((error: unknown) => fail(logger.child({ context: 'Main' }), error));
