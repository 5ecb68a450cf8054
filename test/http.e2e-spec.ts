/** What any HTTP client sees of the foundation: operations endpoints, docs and the error body. */
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

import request from 'supertest';

import { useTestApp } from './support/test-app.js';

describe('HTTP basics', () => {
  const t = useTestApp();

  it('GET /healthz says the process is alive', async () => {
    const res = await request(t.http).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz says the database answers', async () => {
    const res = await request(t.http).get('/readyz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    const ui = await request(t.http).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers an unknown route with the JSON error body', async () => {
    const res = await request(t.http).get('/api/v1/nowhere').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /api/v1/nowhere' });
  });

  it('answers malformed JSON with a 400 JSON error body, not a 500', async () => {
    const res = await request(t.http)
      .post('/api/v1/admin/users')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST' });
    expect(res.body.message).toMatch(/JSON/);
  });

  it('answers a body that is not a JSON object (an array, a bare value) with one 400 naming the body', async () => {
    for (const text of ['[{}]', '[]', '"text"', '42', 'null']) {
      const res = await request(t.http)
        .post('/api/v1/admin/users')
        .set('Content-Type', 'application/json')
        .send(text)
        .expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'body: body must be an object',
        details: { errors: [{ field: 'body', message: 'body must be an object' }] },
      });
    }
  });

  it('refuses a body that is not UTF-8 before it can reach a field, whatever charset it names', async () => {
    // Bytes that are not UTF-8 used to be replaced, so two request ids differing there became one.
    const body = (byte: number) =>
      Buffer.concat([Buffer.from('{"email":"caf'), Buffer.from([byte]), Buffer.from('@example.com"}')]);
    for (const byte of [0xe9, 0xe8]) {
      const res = await request(t.http)
        .post('/api/v1/admin/users')
        .set('Content-Type', 'application/json')
        // The bytes as they are (superagent would write a Buffer as JSON).
        .serialize((bytes: Buffer) => bytes as unknown as string)
        .send(body(byte))
        .expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'MALFORMED_REQUEST',
        message: 'Malformed request: the body is not valid UTF-8',
      });
    }
    // UTF-8 bytes are read whatever charset is named (RFC 8259 gives it no effect), with or
    // without a byte order mark (and then the request needs a token).
    for (const [type, text] of [
      ['application/json; charset="UTF-8"', '{}'],
      ['application/json; charset=us-ascii', '{}'],
      ['application/json; charset=ISO-8859-1', '{"email":"ada@example.com"}'],
      ['application/json', '\ufeff{}'],
    ]) {
      const res = await request(t.http).post('/api/v1/admin/users').set('Content-Type', type).send(text);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('answers an oversized body with 413 and the JSON error body', async () => {
    const res = await request(t.http)
      .post('/api/v1/admin/users')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a path the router cannot take with the error body and X-Request-Id', async () => {
    const long = await request(t.http)
      .get(`/api/v1/admin/users/${'9'.repeat(101)}`)
      .expect(400);
    expect(long.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_REQUEST',
      message: 'Malformed request: a path segment is longer than 100 characters.',
    });
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await request(t.http).post('/api/v1/internal/billing/check%zz').expect(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_REQUEST',
      message: 'Malformed request: the path is not a valid URL.',
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a request the HTTP parser cannot read with the error body, then closes', async () => {
    if (!t.http.listening) await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    const { port } = t.http.address() as AddressInfo;
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    const body = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as object;

    const huge = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('Connection: close');
    expect(body(huge)).toEqual({
      statusCode: 431,
      code: 'HEADERS_TOO_LARGE',
      message: 'The request headers are too large (16 KB at most).',
    });
    const garbage = await raw('GARBAGE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(body(garbage)).toEqual({
      statusCode: 400,
      code: 'MALFORMED_REQUEST',
      message: 'Malformed request: the HTTP request could not be read.',
    });
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await request(t.http).get('/healthz').set('X-Request-Id', 'gw-42.a').expect(200);
    expect(given.headers['x-request-id']).toBe('gw-42.a');
    const made = await request(t.http).get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
