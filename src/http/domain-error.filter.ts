import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { DomainError, ErrorCode, errorBody } from '../common/domain-error.js';
import { type ConstraintErrors, toDomainError } from '../common/pg-errors.js';

/** Codes for the HTTP errors Nest and Fastify raise themselves (unknown route, unreadable body). */
const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'NOT_READY',
};

/**
 * The one place errors become HTTP responses: `{ statusCode, code, message, details? }` for every
 * failure. Anything it does not recognise is a 500 with a generic message, logged in full.
 * `constraints` maps the named constraints of every feature to their errors (see app.module.ts).
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainErrorFilter.name);

  constructor(private readonly constraints: ConstraintErrors = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = this.toDomainError(exception);
    if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
    reply.code(error.status).header('Content-Type', 'application/json; charset=utf-8').send(errorBody(error));
  }

  private toDomainError(exception: unknown): DomainError {
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception);
    }
    const known = toDomainError(exception, this.constraints);
    if (known) {
      if (known.status >= 500) {
        const cause = known.cause instanceof Error ? `: ${known.cause.message}` : '';
        this.logger.warn(`${known.code}${cause}`);
      }
      return known;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return new DomainError('INTERNAL_ERROR', 'Internal server error');
  }

  private fromHttpException(exception: HttpException): DomainError {
    // Fastify's own errors, as Nest's adapter wraps them.
    switch ((exception.cause as { code?: unknown } | undefined)?.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new DomainError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Request bodies must be JSON (Content-Type: application/json).',
        );
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new DomainError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    }
    const status = exception.getStatus();
    const code = HTTP_STATUS_CODES[status];
    if (!code) {
      this.logger.error(exception.stack ?? exception.message);
      return new DomainError('INTERNAL_ERROR', 'Internal server error');
    }
    const response = exception.getResponse();
    const message =
      typeof response === 'object' &&
      response !== null &&
      typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : exception.message;
    const details = status === 503 && typeof response === 'object' && response !== null ? { ...response } : undefined;
    return new DomainError(code, status === 400 ? `Malformed request: ${message}` : message, { details });
  }
}
