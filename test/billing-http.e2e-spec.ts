/** The internal billing API as a gateway meets it: the service token, and refused input. */
import request from 'supertest';

import { createUser } from './support/fixtures.js';
import { createTestApp, useTestApp } from './support/test-app.js';

const TOKEN = 'http-test-token-0123456789abcdef';
const PATHS = ['check', 'charge', 'charges'] as const;

describe('internal billing HTTP API', () => {
  const t = useTestApp({ env: { BILLING_SERVICE_TOKEN: TOKEN } });
  let userId: number;

  beforeAll(async () => {
    userId = (await createUser(t.dataSource)).id;
  });

  const post = (path: string) => request(t.http).post(`/api/v1/internal/billing/${path}`);
  const authed = (path: string) => post(path).set('Authorization', `Bearer ${TOKEN}`);

  describe('service token', () => {
    it.each(PATHS)('%s: no token is 401 with the JSON error body', async (path) => {
      const res = await post(path).send({}).expect(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining('Authorization: Bearer'),
      });
    });

    it.each(PATHS)('%s: a wrong token is 401', async (path) => {
      const res = await post(path).set('Authorization', `Bearer ${TOKEN}x`).send({}).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid service token.' });
      await post(path).set('Authorization', TOKEN).send({}).expect(401);
      await post(path).set('Authorization', `Basic ${TOKEN}`).send({}).expect(401);
    });

    it('is checked before the body, so an unauthenticated caller learns nothing from validation', async () => {
      await post('charge').send({ nonsense: true }).expect(401);
    });

    it('answers 503 naming the variable when no token is configured', async () => {
      const bare = await createTestApp(t.db);
      try {
        for (const path of PATHS) {
          const res = await request(bare.http)
            .post(`/api/v1/internal/billing/${path}`)
            .set('Authorization', `Bearer ${TOKEN}`)
            .send({})
            .expect(503);
          expect(res.body).toMatchObject({
            statusCode: 503,
            code: 'NOT_CONFIGURED',
            message: expect.stringContaining('BILLING_SERVICE_TOKEN'),
          });
        }
      } finally {
        await bare.close();
      }
    });
  });

  describe('refused input: 400 naming the field, never 500', () => {
    const valid = () => ({ user_id: userId, platform: 'openai', cost_usd: '0.5', request_id: `r-${Math.random()}` });

    it.each([
      ['missing user_id', { user_id: undefined }, 'user_id'],
      ['user_id as a string', { user_id: '12' }, 'user_id'],
      ['fractional user_id', { user_id: 1.5 }, 'user_id'],
      ['zero user_id', { user_id: 0 }, 'user_id'],
      ['user_id beyond a JSON-safe integer', { user_id: 2 ** 60 }, 'user_id'],
      ['missing platform', { platform: undefined }, 'platform'],
      ['unknown platform', { platform: 'grok' }, 'platform'],
      ['platform in another case', { platform: 'OpenAI' }, 'platform'],
      ['missing cost', { cost_usd: undefined }, 'cost_usd'],
      ['negative cost', { cost_usd: -0.01 }, 'cost_usd'],
      ['negative cost string', { cost_usd: '-1' }, 'cost_usd'],
      ['NaN cost', { cost_usd: 'NaN' }, 'cost_usd'],
      ['infinite cost', { cost_usd: 'Infinity' }, 'cost_usd'],
      ['1e400 cost', { cost_usd: '1e400' }, 'cost_usd'],
      ['cost too large', { cost_usd: 12345678901 }, 'cost_usd'],
      ['cost as a boolean', { cost_usd: true }, 'cost_usd'],
      ['cost as words', { cost_usd: 'ten dollars' }, 'cost_usd'],
      ['missing request id', { request_id: undefined }, 'request_id'],
      ['empty request id', { request_id: '' }, 'request_id'],
      ['300-character request id', { request_id: 'r'.repeat(300) }, 'request_id'],
      ['request id with a NUL byte', { request_id: 'abc\u0000def' }, 'request_id'],
      ['request id with a lone surrogate', { request_id: 'r\ud800' }, 'request_id'],
      ['request id as a number', { request_id: 12345 }, 'request_id'],
      ['an unknown field', { discount: 1 }, 'discount'],
    ])('charge: %s', async (_name, change, field) => {
      const res = await authed('charge')
        .send({ ...valid(), ...change })
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('charge: a request id with a character outside the Basic Multilingual Plane is accepted as given', async () => {
      const res = await authed('charge')
        .send({ ...valid(), request_id: 'emoji-\u{1F600}' })
        .expect(200);
      expect(res.body.request_id).toBe('emoji-\u{1F600}');
    });

    it.each(['1e3', '1e-11', '-0'])('charge: a cost of "%s" is refused, saying how to write one', async (cost) => {
      const res = await authed('charge')
        .send({ ...valid(), cost_usd: cost })
        .expect(400);
      expect(res.body.details.errors).toEqual([
        {
          field: 'cost_usd',
          message:
            'cost_usd must be a JSON number or a decimal string such as "0.0125", without a minus sign or an exponent',
        },
      ]);
    });

    it('charge: a cost of 1e400 as a JSON number is refused too', async () => {
      const body = JSON.stringify(valid()).replace('"0.5"', '1e400');
      const res = await authed('charge').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body.details.errors).toEqual([{ field: 'cost_usd', message: 'cost_usd must be a finite number' }]);
    });

    it.each([
      ['an empty object', {}, ['user_id', 'platform']],
      ['unknown platform', { user_id: 1, platform: 'bard' }, ['platform']],
      ['extra fields', { user_id: 1, platform: 'openai', cost_usd: 1 }, ['cost_usd']],
    ])('check: %s', async (_name, body, fields) => {
      const res = await authed('check').send(body).expect(400);
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    });

    it.each([
      ['no charges field', {}, 'charges'],
      ['charges not an array', { charges: { a: 1 } }, 'charges'],
      ['an empty list', { charges: [] }, 'charges'],
      ['1,001 charges', { charges: Array.from({ length: 1001 }, () => ({})) }, 'charges'],
    ])('charges: %s', async (_name, body, field) => {
      const res = await authed('charges').send(body).expect(400);
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it.each(['check', 'charge', 'charges', 'release'])(
      '%s: a body that is not a JSON object, or none, is one 400 naming the body',
      async (path) => {
        for (const text of ['[]', '[{}]', '"text"', '42']) {
          const res = await authed(path).set('Content-Type', 'application/json').send(text).expect(400);
          expect(res.body).toEqual({
            statusCode: 400,
            code: 'VALIDATION_FAILED',
            message: 'body: body must be an object',
            details: { errors: [{ field: 'body', message: 'body must be an object' }] },
          });
        }
        const none = await authed(path).expect(400);
        expect(none.body.details.errors).toEqual([{ field: 'body', message: 'body must be an object' }]);
      },
    );

    it.each([
      ['check', () => ({ user_id: userId, platform: 'openai', hold_usd: '1', request_id: 'with-query' })],
      ['charge', () => ({ user_id: userId, platform: 'openai', cost_usd: '1', request_id: 'with-query' })],
      [
        'charges',
        () => ({ charges: [{ user_id: userId, platform: 'openai', cost_usd: '1', request_id: 'with-query' }] }),
      ],
      ['release', () => ({ request_id: 'with-query' })],
    ])('%s: a query is refused with 400 naming it, and nothing is done', async (path, body) => {
      const res = await authed(`${path}?dry_run=1`).send(body()).expect(400);
      expect(res.body.details.errors).toEqual([{ field: 'dry_run', message: 'property dry_run should not exist' }]);
      expect(await t.dataSource.query(`SELECT 1 FROM quota_charges WHERE request_id = 'with-query'`)).toEqual([]);
      expect(await t.dataSource.query(`SELECT 1 FROM quota_holds WHERE request_id = 'with-query'`)).toEqual([]);
    });

    it('charges: a malformed item is answered in its place, the others are recorded', async () => {
      const res = await authed('charges')
        .send({ charges: [valid(), 'not an object', { ...valid(), platform: 'x' }, valid()] })
        .expect(200);
      expect(res.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, true]);
      expect(res.body.results[1].error.details.errors).toEqual([
        { field: 'charges.1', message: 'charges.1 must be an object' },
      ]);
      expect(res.body.results[2].error.details.errors).toEqual([
        { field: 'charges.2.platform', message: 'platform must be one of: anthropic, openai, gemini, antigravity' },
      ]);
    });

    it('charges: accepts 1,000 charges in one request', async () => {
      const charges = Array.from({ length: 1000 }, (_, i) => ({
        ...valid(),
        cost_usd: '0.001',
        request_id: `thousand-${i}`,
      }));
      const res = await authed('charges').send({ charges }).expect(200);
      expect(res.body.results).toHaveLength(1000);
      expect(res.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM quota_charges WHERE request_id LIKE 'thousand-%'`,
      );
      expect(n).toBe(1000);
    });

    it('charges: takes up to 2 MB, where a single charge stops at 256 KB', async () => {
      const charges = Array.from({ length: 1000 }, (_, i) => ({
        ...valid(),
        cost_usd: '0.001',
        request_id: `long-${i}-`.padEnd(255, 'x'),
      }));
      const body = JSON.stringify({ charges });
      expect(body.length).toBeGreaterThan(256 * 1024);
      const res = await authed('charges').set('Content-Type', 'application/json').send(body).expect(200);
      expect(res.body.results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(1000);

      const tooLarge = await authed('charge')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...valid(), pad: 'x'.repeat(300 * 1024) }))
        .expect(413);
      expect(tooLarge.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      const overTwo = await authed('charges')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ charges: [{ ...valid(), pad: 'x'.repeat(2 * 1024 * 1024) }] }))
        .expect(413);
      expect(overTwo.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it.each([
      ['malformed JSON', '{"user_id": 1,', 'application/json', 400, 'MALFORMED_REQUEST'],
      ['a JSON string', '"hello"', 'application/json', 400, 'VALIDATION_FAILED'],
      ['a JSON array', '[1,2]', 'application/json', 400, 'VALIDATION_FAILED'],
      ['null', 'null', 'application/json', 400, 'VALIDATION_FAILED'],
      ['form data', 'user_id=1&platform=openai', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['plain text', 'charge me', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ])('%s is a 4xx with the error body', async (_name, body, type, status, code) => {
      const res = await authed('charge').set('Content-Type', type).send(body).expect(status);
      expect(res.body).toMatchObject({ statusCode: status, code });
    });

    it('a body with no content type is a 415', async () => {
      const res = await authed('charge').send(Buffer.from('{}')).unset('Content-Type').expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('documents the three endpoints with their schemas and the security scheme', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body;
    for (const path of PATHS) {
      const op = doc.paths[`/api/v1/internal/billing/${path}`].post;
      expect(op.security).toEqual([{ 'service-token': [] }]);
      expect(op.requestBody.content['application/json'].schema.$ref).toBeDefined();
      expect(op.responses['200'].content['application/json'].schema.$ref).toBeDefined();
    }
    expect(doc.paths['/api/v1/internal/billing/check'].post.responses['429']).toBeDefined();
    expect(doc.components.securitySchemes['service-token']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.ChargeRequestDto.properties.cost_usd.example).toBe('0.0125');
  });
});
