import { ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { jest } from '@jest/globals';

import { DomainError } from '../common/domain-error.js';
import { DomainErrorFilter } from './domain-error.filter.js';

function respond(exception: unknown) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    header(name: string, value: string) {
      if (name !== 'Content-Type') sent.headers[name] = value;
      return this;
    },
    code(code: number) {
      sent.status = code;
      return this;
    },
    send: (body: unknown) => (sent.body = body),
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(exception, host);
  return sent;
}

describe('DomainErrorFilter', () => {
  it('maps a domain error to its status, code, message, details and Retry-After', () => {
    const sent = respond(
      new DomainError('USER_PLATFORM_DAILY_QUOTA_EXHAUSTED', 'Daily usage quota exhausted for this platform.', {
        details: { window: 'daily' },
        retryAfterSeconds: 42,
      }),
    );
    expect(sent).toEqual({
      status: 429,
      headers: { 'Retry-After': '42' },
      body: {
        statusCode: 429,
        code: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED',
        message: 'Daily usage quota exhausted for this platform.',
        details: { window: 'daily' },
      },
    });
  });

  it('gives Nest HTTP errors the same body', () => {
    expect(respond(new NotFoundException('Cannot GET /x')).body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
  });

  it.each([
    ['refused over TCP', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['a Unix socket that is gone (its server is not running)', 'ENOENT', 'connect ENOENT /data/pgdata/.s.PGSQL.5432'],
  ])('maps a broken database connection (%s) to 503 DATABASE_UNAVAILABLE', (_, code, message) => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sent = respond(Object.assign(new Error(message), { code }));
    expect(sent.status).toBe(503);
    expect(sent.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(warned).toHaveBeenCalledWith(expect.stringContaining(code));
    warned.mockRestore();
  });

  it('hides an unexpected error behind a generic 500 and logs it in full', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = respond(new TypeError('secret internals'));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(JSON.stringify(sent.body)).not.toContain('secret');
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('TypeError: secret internals'));
    logged.mockRestore();
  });
});
