/**
 * What Fastify answers before a route's handler runs: the service's error body for every failure
 * of the request itself (a body of another type, too large, unreadable), and 405 for a known path
 * asked with a method it does not have, instead of the 404 of an unknown path.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteOptions } from 'fastify';

import { DomainError, errorBody } from '../common/domain-error.js';
import { ErrorReplies } from './domain-error.filter.js';

/** The order methods are named in an `Allow` header; others follow in the order routes named them. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Registers the hooks on the root instance; call it before any route exists (configureApp does).
 * `errors` answers the failures a route leaves to Fastify: Nest's routes are registered before
 * Nest sets Fastify's error handler, so without this their body errors would get Fastify's own
 * body (`{ statusCode, code: "FST_ERR_…", error, message }`).
 */
export function installRouteErrors(fastify: FastifyInstance, errors = new ErrorReplies()): void {
  const methods = new Set<string>(METHOD_ORDER);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) methods.add(method.toUpperCase());
    route.errorHandler ??= (error, _request, reply) => errors.send(reply, error);
  });

  // Before the body is read: the method and the path decide.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const allowed = [...methods].filter((method) => method !== request.method && serves(fastify, method, request));
    if (allowed.length === 0) return done();
    reply.header('Allow', allowed.join(', '));
    errors.send(
      reply,
      new DomainError(
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed on ${pathOf(request)}; it takes ${allowed.join(', ')}.`,
        { details: { allowed } },
      ),
    );
  });
}

/**
 * Whether a route answers `method` at the request's path. A route parameter matched by an empty
 * segment does not count: Nest's routes send such a request to the not-found handler (see
 * FastifyAdapter.requireNonEmptyParams), so the path is unknown for every method.
 */
function serves(fastify: FastifyInstance, method: string, request: FastifyRequest): boolean {
  const route = fastify.findRoute({ method: method as HTTPMethods, url: request.url });
  if (!route) return false;
  const params = (route.params ?? {}) as Record<string, string>;
  return Object.entries(params).every(([name, value]) => value !== '' || name === '*');
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/**
 * Fastify's `frameworkErrors`: a path that is not a valid URL, or a segment longer than the
 * router takes, answered as any other refused request (the error body, `X-Request-Id`) rather
 * than with Fastify's own body.
 */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('X-Request-Id', request.id);
  new ErrorReplies().send(reply, error);
}

/**
 * Node's `clientError`, for a request the HTTP parser could not read (headers too large, a
 * malformed request line, a request that took too long to arrive): the error body too, then the
 * connection closes, as Node would close it.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // A socket that cannot take an answer, or is in the middle of one, is only closed.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  const answer =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new DomainError('HEADERS_TOO_LARGE', 'The request headers are too large (16 KB at most).')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DomainError('REQUEST_TIMEOUT', 'The request did not arrive in time.')
        : new DomainError('MALFORMED_REQUEST', 'Malformed request: the HTTP request could not be read.');
  const body = JSON.stringify(errorBody(answer));
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
