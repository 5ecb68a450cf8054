/** The OpenAPI document describes every endpoint, its schemas, examples and security scheme. */
import request from 'supertest';

import { useTestApp } from './support/test-app.js';

const USER = 'user-token';
const SERVICE = 'service-token';

const ENDPOINTS: [method: string, path: string, security: string | null, success: string][] = [
  ['get', '/healthz', null, '200'],
  ['get', '/readyz', null, '200'],
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
    if (path !== '/readyz') expect(op.responses[success].content['application/json'].schema).toBeDefined();
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
});
