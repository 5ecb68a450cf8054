/** The OpenAPI document describes every endpoint, its schemas, examples and security scheme. */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { OpenApiContract } from './support/openapi-contract.js';
import { useTestApp } from './support/test-app.js';

const USER = 'user-token';
const SERVICE = 'service-token';

const ENDPOINTS: [method: string, path: string, security: string | null, success: string][] = [
  ['get', '/healthz', null, '200'],
  ['get', '/readyz', null, '200'],
  ['get', '/metrics', null, '200'],
  ['post', '/api/v1/internal/billing/check', SERVICE, '200'],
  ['post', '/api/v1/internal/billing/charge', SERVICE, '200'],
  ['post', '/api/v1/internal/billing/charges', SERVICE, '200'],
  ['post', '/api/v1/internal/billing/release', SERVICE, '200'],
  ['get', '/api/v1/admin/settings/platform-quotas', USER, '200'],
  ['put', '/api/v1/admin/settings/platform-quotas', USER, '200'],
  ['post', '/api/v1/admin/users', USER, '201'],
  ['get', '/api/v1/admin/users', USER, '200'],
  ['get', '/api/v1/admin/users/{id}', USER, '200'],
  ['delete', '/api/v1/admin/users/{id}', USER, '200'],
  ['post', '/api/v1/admin/platform-quotas/apply-defaults', USER, '200'],
  ['get', '/api/v1/admin/users/{id}/platform-quotas', USER, '200'],
  ['put', '/api/v1/admin/users/{id}/platform-quotas', USER, '200'],
  ['patch', '/api/v1/admin/users/{id}/platform-quotas/{platform}', USER, '200'],
  ['delete', '/api/v1/admin/users/{id}/platform-quotas/{platform}', USER, '200'],
  ['post', '/api/v1/admin/users/{id}/platform-quotas/reset', USER, '200'],
  ['get', '/api/v1/admin/audit-log', USER, '200'],
  ['get', '/api/v1/user/platform-quotas', USER, '200'],
  ['get', '/api/v1/user/me', USER, '200'],
  ['get', '/api/v1/user/usage-history', USER, '200'],
  ['get', '/api/v1/meta', USER, '200'],
  ['get', '/api/v1/admin/users/{id}/usage-history', USER, '200'],
  ['post', '/api/v1/admin/platform-quotas/bulk', USER, '200'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON
type Json = any;

describe('OpenAPI document', () => {
  const t = useTestApp();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed OpenAPI document
  let doc: any;

  beforeAll(async () => {
    doc = (await request(t.http).get('/docs-json').expect(200)).body;
  });

  it('lists exactly the endpoints the service has', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual(ENDPOINTS.map(([m, p]) => `${m} ${p}`).sort());
  });

  it.each(ENDPOINTS)('%s %s: summary, security, schemas', (method, path, security, success) => {
    const op = doc.paths[path][method];
    expect(op.summary).toEqual(expect.any(String));
    if (security) {
      expect(op.security).toEqual([{ [security]: [] }]);
      expect(op.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBodyDto');
    } else {
      expect(op.security).toBeUndefined();
    }
    const type = path === '/metrics' ? 'text/plain' : 'application/json';
    if (path !== '/readyz') expect(op.responses[success].content[type].schema).toBeDefined();
    if (['put', 'post', 'patch'].includes(method)) {
      expect(op.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
    }
    if (path.startsWith('/api/v1/admin')) expect(op.responses['403']).toBeDefined();
  });

  it('declares both bearer schemes', () => {
    expect(doc.components.securitySchemes[USER]).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes[SERVICE]).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives request fields examples and amounts as strings', () => {
    const schemas = doc.components.schemas;
    expect(schemas.CreateUserDto.properties.email.example).toBe('ada@example.com');
    expect(schemas.QuotaItemDto.properties.daily_limit_usd.example).toBe('10');
    expect(schemas.ResetQuotaDto.properties.window.enum).toEqual(['daily', 'weekly', 'monthly', 'all']);
    expect(schemas.AdminQuotaViewDto.properties.daily_usage_usd).toMatchObject({ type: 'string', example: '3.2' });
    expect(schemas.UserQuotaViewDto.properties.monthly_used_percent).toMatchObject({ type: 'number', nullable: true });
    expect(Object.keys(schemas.PlatformQuotaSettingsDto.properties)).toHaveLength(15);
    expect(schemas.PlatformQuotaSettingsDto.properties.default_platform_quotas.example.anthropic.daily).toBe('10');
  });

  describe('every answer of every operation', () => {
    const operations = ENDPOINTS.map(([method, path, security]) => [method, path, security] as const);

    it.each(operations)(
      '%s %s: the errors it can give, each with examples that fit the schema',
      (method, path, security) => {
        const contract = new OpenApiContract(doc);
        const op = doc.paths[path][method];
        const statuses = Object.keys(op.responses);
        expect(statuses).toEqual(expect.arrayContaining(['405', '503']));
        if (path !== '/healthz') expect(statuses).toContain('500');
        if (security) expect(statuses).toContain('401');
        if (method !== 'get') expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
        if (op.parameters?.length || op.requestBody) expect(statuses).toContain('400');
        expect(op.responses['405'].headers.Allow).toBeDefined();
        expect(op.responses['503'].headers['Retry-After']).toBeDefined();
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          const content = response.content?.['application/json'];
          if (!content) continue;
          const examples = [
            ...(content.example === undefined ? [] : [content.example]),
            ...Object.values((content.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value),
          ];
          if (Number(status) >= 400) expect(examples.length).toBeGreaterThan(0);
          const validate = contract.validator(`${method} ${path} ${status}`, content.schema);
          for (const example of examples) {
            expect({ status, example, fits: validate(example) || validate.errors }).toEqual({
              status,
              example,
              fits: true,
            });
            if (Number(status) >= 400) expect((example as { statusCode: number }).statusCode).toBe(Number(status));
          }
        }
      },
    );

    it('shows a request limit as a number or a decimal string, and an email as the address grammar', () => {
      const limit = doc.components.schemas.QuotaItemDto.properties.daily_limit_usd;
      expect(limit).toMatchObject({
        nullable: true,
        oneOf: [{ type: 'string', pattern: expect.any(String) }, { type: 'number' }],
      });
      const email = doc.components.schemas.CreateUserDto.properties.email;
      expect(email).toMatchObject({ format: 'email', maxLength: 254, pattern: expect.any(String) });
      expect(doc.components.schemas.PatchQuotaDto).toMatchObject({ minProperties: 1, additionalProperties: false });
      expect(doc.components.schemas.ApplyDefaultsDto.oneOf).toEqual([
        { required: ['user_ids'] },
        { required: ['all'] },
      ]);
      const id = doc.paths['/api/v1/admin/users/{id}'].get.parameters.find((p: Json) => p.name === 'id');
      expect(id.schema).toEqual({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
      const charges = doc.paths['/api/v1/internal/billing/charges'].post;
      expect(charges.parameters ?? []).toEqual([]);
    });
  });

  it('the harness check of every answer refuses an undocumented status or field, a body off its schema and a missing Allow', () => {
    const contract = new OpenApiContract(doc);
    const answer = { method: 'GET', url: '/api/v1/admin/users/42', headers: {}, contentType: 'application/json' };
    const user = { id: 42, email: 'a@example.com', auth_source: 'email', role: 'user' };
    const dates = { created_at: '2026-01-05T09:30:00.000Z', updated_at: '2026-01-05T09:30:00.000Z', deleted_at: null };
    expect(contract.checkAnswer({ ...answer, status: 200, body: JSON.stringify({ ...user, ...dates }) })).toEqual([]);
    expect(contract.checkAnswer({ ...answer, status: 200, body: JSON.stringify(user) })).toEqual([
      expect.stringContaining("must have required property 'created_at'"),
    ]);
    expect(
      contract.checkAnswer({ ...answer, status: 200, body: JSON.stringify({ ...user, ...dates, id: '42' }) }),
    ).toEqual([expect.stringContaining('body/id must be integer')]);
    expect(
      contract.checkAnswer({ ...answer, status: 200, body: JSON.stringify({ ...user, ...dates, password: 'x' }) }),
    ).toEqual([expect.stringContaining('body must NOT have additional properties')]);
    expect(contract.checkAnswer({ ...answer, status: 418, body: '{}' })).toEqual([
      expect.stringContaining('status 418 is not documented'),
    ]);
    const notAllowed = { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'PUT is not allowed' };
    expect(contract.checkAnswer({ ...answer, method: 'PUT', status: 405, body: JSON.stringify(notAllowed) })).toEqual([
      expect.stringContaining('header Allow is missing'),
    ]);
  });

  describe('the examples are what the server sends', () => {
    const admin = '/api/v1/admin/users/{id}/platform-quotas';
    const example = (path: string, method: string, status: number, code: string) =>
      doc.paths[path][method].responses[String(status)].content['application/json'].examples[code].value;

    it('401 without a token', async () => {
      const res = await request(t.http).get('/api/v1/admin/users/42/platform-quotas').expect(401);
      expect(res.body).toEqual(example(admin, 'get', 401, 'UNAUTHENTICATED'));
    });

    it('405 with Allow for a method the path does not take', async () => {
      const res = await request(t.http).put('/api/v1/admin/users/42').expect(405);
      expect(res.headers.allow).toBe('GET, HEAD, DELETE');
      expect(res.body).toEqual(example('/api/v1/admin/users/{id}', 'get', 405, 'METHOD_NOT_ALLOWED'));
      expect(doc.paths['/api/v1/admin/users/{id}'].get.responses['405'].headers.Allow.example).toBe(res.headers.allow);
    });

    it('415 for a body that is not JSON, 400 for one that is not readable', async () => {
      const text = await request(t.http)
        .put('/api/v1/admin/users/42/platform-quotas')
        .set('Content-Type', 'text/plain')
        .send('quotas')
        .expect(415);
      expect(text.body).toEqual(example(admin, 'put', 415, 'UNSUPPORTED_MEDIA_TYPE'));
      const broken = await request(t.http)
        .put('/api/v1/admin/users/42/platform-quotas')
        .set('Content-Type', 'application/json')
        .send('{')
        .expect(400);
      const documented = example(admin, 'put', 400, 'MALFORMED_REQUEST');
      expect(broken.body).toEqual({
        ...documented,
        message: expect.stringMatching(/^Malformed request: invalid JSON: /),
      });
    });

    it('400 for a query parameter the operation does not list, as its description says', async () => {
      const { auth } = await signedIn(t, 'admin');
      const res = await request(t.http).get('/api/v1/admin/users?page=1&colour=red').set(auth).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'colour' }] } });
      expect(doc.paths['/api/v1/admin/users'].get.description).toContain(
        'A query parameter not listed here is refused',
      );
    });

    it('413 for a body over the limit', async () => {
      const res = await request(t.http)
        .put('/api/v1/admin/users/42/platform-quotas')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ quotas: [], pad: 'x'.repeat(300 * 1024) }))
        .expect(413);
      expect(res.body).toEqual(example(admin, 'put', 413, 'PAYLOAD_TOO_LARGE'));
    });
  });
});
