/**
 * Stopping under load. From the moment the process is told to stop (before the HTTP server
 * closes), every new request is answered 503 SHUTTING_DOWN with Retry-After and `Connection:
 * close`, and so are the answers still in flight, so keep-alive clients leave and the server can
 * close; what was accepted finishes. /readyz is one of those requests: a load balancer sees 503
 * and drains the instance.
 */
import { type BeforeApplicationShutdown, Global, Injectable, Logger, Module } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

import { DomainError } from '../common/domain-error.js';
import { ErrorReplies } from './domain-error.filter.js';

/** What a caller gets from an instance on its way down: retry elsewhere. */
export function shuttingDown(): DomainError {
  return new DomainError('SHUTTING_DOWN', 'The service is shutting down; retry on another instance.', {
    retryAfterSeconds: 1,
  });
}

@Injectable()
export class ShutdownGate implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private closing = false;

  get isClosing(): boolean {
    return this.closing;
  }

  beforeApplicationShutdown(signal?: string): void {
    this.closing = true;
    this.logger.log(`Stopping${signal ? ` on ${signal}` : ''}: answering new requests 503, finishing the others`);
  }

  /** The Fastify hooks; registered before the routes are. */
  install(fastify: FastifyInstance): void {
    const errors = new ErrorReplies();
    fastify.addHook('onRequest', (_request, reply, done) => {
      if (!this.closing) return done();
      reply.header('Connection', 'close');
      errors.send(reply, shuttingDown());
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) reply.header('Connection', 'close');
      done(null, payload);
    });
  }
}

@Global()
@Module({ providers: [ShutdownGate], exports: [ShutdownGate] })
export class ShutdownModule {}
