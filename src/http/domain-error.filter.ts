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
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'NOT_READY',
};

/** Fastify's own errors that a caller caused: an unreadable or unacceptable body. */
const FASTIFY_ERRORS: Record<string, () => DomainError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be JSON (Content-Type: application/json).'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new DomainError('PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new DomainError('MALFORMED_REQUEST', 'Malformed request: the JSON body is empty.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new DomainError('MALFORMED_REQUEST', 'Malformed request: the Content-Length does not match the body.'),
  // Before routing (see frameworkErrors in app.setup.ts).
  FST_ERR_BAD_URL: () => new DomainError('MALFORMED_REQUEST', 'Malformed request: the path is not a valid URL.'),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    new DomainError('MALFORMED_REQUEST', 'Malformed request: a path segment is longer than 100 characters.'),
};

/**
 * The one place errors become HTTP responses: `{ statusCode, code, message, details? }` for every
 * failure, with Retry-After where the error says how long to wait. Anything it does not recognise
 * is a 500 with a generic message, logged in full. `constraints` maps the named constraints of
 * every feature to their errors (see app.module.ts). Nest's routes reach it as the global filter;
 * routes registered on Fastify itself (the billing hot path) as their error handler.
 */
export class ErrorReplies {
  private readonly logger = new Logger('Errors');

  constructor(private readonly constraints: ConstraintErrors = {}) {}

  send(reply: FastifyReply, exception: unknown): void {
    const error = this.toDomainError(exception);
    if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
    reply.code(error.status).header('Content-Type', 'application/json; charset=utf-8').send(errorBody(error));
  }

  private toDomainError(exception: unknown): DomainError {
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception);
    }
    const fastify = FASTIFY_ERRORS[(exception as { code?: string } | null)?.code ?? ''];
    if (fastify) return fastify();
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
    const fastify = FASTIFY_ERRORS[(exception.cause as { code?: string } | undefined)?.code ?? ''];
    if (fastify) return fastify();
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

/** The global filter of Nest's routes. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly replies: ErrorReplies;

  constructor(constraints: ConstraintErrors = {}) {
    this.replies = new ErrorReplies(constraints);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    this.replies.send(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }
}
