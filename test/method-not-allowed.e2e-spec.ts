/**
 * A known path asked with a method it does not have answers 405 with `Allow` and the service's
 * error body, on Nest's routes and on the billing routes of Fastify itself, before any body is
 * read; a path no route has keeps its 404. Errors Fastify raises before a handler runs (a body
 * of another type, too large) have the service's error body on every route too.
 */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { useTestApp } from './support/test-app.js';

const BILLING_TOKEN = 'method-test-service-token-0123456789';

describe('unsupported methods', () => {
  const t = useTestApp({ env: { BILLING_SERVICE_TOKEN: BILLING_TOKEN } });

  it.each([
    ['delete', '/healthz', 'GET, HEAD'],
    ['post', '/readyz', 'GET, HEAD'],
    ['put', '/api/v1/admin/users', 'GET, HEAD, POST'],
    ['post', '/api/v1/admin/users/42', 'GET, HEAD, DELETE'],
    ['get', '/api/v1/admin/users/42/platform-quotas/openai', 'PATCH, DELETE'],
    ['patch', '/api/v1/admin/settings/platform-quotas', 'GET, HEAD, PUT'],
    ['delete', '/api/v1/admin/platform-quotas/bulk', 'POST'],
    ['get', '/api/v1/internal/billing/check', 'POST'],
    ['put', '/api/v1/internal/billing/charges', 'POST'],
    ['options', '/api/v1/user/me', 'GET, HEAD'],
    ['post', '/docs-json', 'GET, HEAD'],
  ])('%s %s: 405, Allow: %s', async (method, path, allow) => {
    const res = await request(t.http)[method as 'get'](path).set('X-Request-Id', 'method-1');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['x-request-id']).toBe('method-1');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const allowed = allow.split(', ');
    expect(res.body).toEqual({
      statusCode: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `${method.toUpperCase()} is not allowed on ${path}; it takes ${allow}.`,
      details: { allowed },
    });
  });

  it('answers HEAD for every GET route', async () => {
    const res = await request(t.http).head('/healthz');
    expect(res.status).toBe(200);
  });

  it('decides on the method and path alone: no token is asked for and no body is read', async () => {
    const res = await request(t.http)
      .post('/healthz?x=1')
      .set('Content-Type', 'application/json')
      .send('{"unreadable":');
    expect(res.status).toBe(405);
    expect(res.body.message).toBe('POST is not allowed on /healthz; it takes GET, HEAD.');
    const billing = await request(t.http).get('/api/v1/internal/billing/charge');
    expect(billing.status).toBe(405);
  });

  it.each([
    ['get', '/api/v1/nowhere'],
    ['post', '/api/v1/admin/nowhere'],
    ['delete', '/api/v1/internal/billing'],
    // An empty path parameter is no id: Nest sends it to the not-found handler for every method.
    ['post', '/api/v1/admin/users/'],
    ['put', '/api/v1/admin/users//platform-quotas'],
  ])('%s %s: an unknown path stays 404', async (method, path) => {
    const res = await request(t.http)[method as 'get'](path);
    expect(res.status).toBe(404);
    expect(res.headers.allow).toBeUndefined();
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot ${method.toUpperCase()} ${path}` });
  });

  it('gives the errors of an unreadable body the service error body on Nest routes, before the token is asked for', async () => {
    const { auth } = await signedIn(t, 'admin');
    const wrongType = await request(t.http).post('/api/v1/admin/users').set('Content-Type', 'text/plain').send('x');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toEqual({
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Request bodies must be JSON (Content-Type: application/json).',
    });
    const tooLarge = await request(t.http)
      .delete('/api/v1/admin/users/1')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is too large.',
    });
  });
});
