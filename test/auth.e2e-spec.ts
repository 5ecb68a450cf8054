/** Who may call what: every admin and user endpoint against every kind of caller. */
import request from 'supertest';

import { expiredToken, forgedToken, signedIn, tokenFor } from './support/auth.js';
import { createUser, setQuota } from './support/fixtures.js';
import { createTestApp, TEST_JWT_SECRET, useTestApp, type TestApp } from './support/test-app.js';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

interface Endpoint {
  name: string;
  method: Method;
  /** Built per call, so that an admin's call finds what it needs (a fresh user, an existing row). */
  prepare: (t: TestApp) => Promise<{ path: string; body?: object }>;
  admin: number;
  user: number;
}

let sequence = 0;
const unique = () => `matrix-${++sequence}-${Date.now()}@example.com`;

async function userWithRow(t: TestApp): Promise<number> {
  const user = await createUser(t.dataSource);
  await setQuota(t.dataSource, user.id, 'openai', { limits: { daily: '5' } });
  return user.id;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET settings',
    method: 'get',
    prepare: async () => ({ path: '/api/v1/admin/settings/platform-quotas' }),
    admin: 200,
    user: 403,
  },
  {
    name: 'PUT settings',
    method: 'put',
    prepare: async () => ({
      path: '/api/v1/admin/settings/platform-quotas',
      body: { auth_source_default_email_grant_on_signup: false },
    }),
    admin: 200,
    user: 403,
  },
  {
    name: 'POST users',
    method: 'post',
    prepare: async () => ({ path: '/api/v1/admin/users', body: { email: unique(), auth_source: 'email' } }),
    admin: 201,
    user: 403,
  },
  { name: 'GET users', method: 'get', prepare: async () => ({ path: '/api/v1/admin/users' }), admin: 200, user: 403 },
  {
    name: 'GET user',
    method: 'get',
    prepare: async (t) => ({ path: `/api/v1/admin/users/${(await createUser(t.dataSource)).id}` }),
    admin: 200,
    user: 403,
  },
  {
    name: 'DELETE user',
    method: 'delete',
    prepare: async (t) => ({ path: `/api/v1/admin/users/${(await createUser(t.dataSource)).id}` }),
    admin: 200,
    user: 403,
  },
  {
    name: 'POST apply-defaults',
    method: 'post',
    prepare: async (t) => ({
      path: '/api/v1/admin/platform-quotas/apply-defaults',
      body: { user_ids: [(await createUser(t.dataSource)).id], mode: 'fill_missing' },
    }),
    admin: 200,
    user: 403,
  },
  {
    name: 'GET user quotas',
    method: 'get',
    prepare: async (t) => ({ path: `/api/v1/admin/users/${await userWithRow(t)}/platform-quotas` }),
    admin: 200,
    user: 403,
  },
  {
    name: 'PUT user quotas',
    method: 'put',
    prepare: async (t) => ({
      path: `/api/v1/admin/users/${await userWithRow(t)}/platform-quotas`,
      body: { quotas: [{ platform: 'openai', daily_limit_usd: 1 }] },
    }),
    admin: 200,
    user: 403,
  },
  {
    name: 'PATCH user quota',
    method: 'patch',
    prepare: async (t) => ({
      path: `/api/v1/admin/users/${await userWithRow(t)}/platform-quotas/openai`,
      body: { daily_limit_usd: '2' },
    }),
    admin: 200,
    user: 403,
  },
  {
    name: 'DELETE user quota',
    method: 'delete',
    prepare: async (t) => ({ path: `/api/v1/admin/users/${await userWithRow(t)}/platform-quotas/openai` }),
    admin: 200,
    user: 403,
  },
  {
    name: 'POST reset',
    method: 'post',
    prepare: async (t) => ({
      path: `/api/v1/admin/users/${await userWithRow(t)}/platform-quotas/reset`,
      body: { platform: 'openai', window: 'all' },
    }),
    admin: 200,
    user: 403,
  },
  {
    name: 'GET audit log',
    method: 'get',
    prepare: async () => ({ path: '/api/v1/admin/audit-log' }),
    admin: 200,
    user: 403,
  },
  {
    name: 'GET own quotas',
    method: 'get',
    prepare: async () => ({ path: '/api/v1/user/platform-quotas' }),
    admin: 200,
    user: 200,
  },
];

describe('authentication and roles', () => {
  const t = useTestApp();
  const credentials: Record<string, string | undefined> = {};

  beforeAll(async () => {
    const admin = await signedIn(t, 'admin');
    const user = await signedIn(t, 'user');
    const gone = await signedIn(t, 'admin');
    await t.dataSource.query('UPDATE users SET deleted_at = now() WHERE id = $1', [gone.user.id]);
    Object.assign(credentials, {
      'no token': undefined,
      garbage: 'Bearer not-a-jwt',
      'wrong signature': `Bearer ${await forgedToken(admin.user.id)}`,
      expired: `Bearer ${await expiredToken(TEST_JWT_SECRET, admin.user.id)}`,
      'deleted user': `Bearer ${gone.token}`,
      user: `Bearer ${user.token}`,
      admin: `Bearer ${admin.token}`,
    });
  });

  const CALLERS = ['no token', 'garbage', 'wrong signature', 'expired', 'deleted user', 'user', 'admin'] as const;
  const cases = ENDPOINTS.flatMap((e) => CALLERS.map((caller) => [e.name, caller, e] as const));

  it.each(cases)('%s as %s', async (_name, caller, endpoint) => {
    const { path, body } = await endpoint.prepare(t);
    let call = request(t.http)[endpoint.method](path);
    const header = credentials[caller];
    if (header) call = call.set('Authorization', header);
    const res = await (body ? call.send(body) : call);
    const expected = caller === 'admin' ? endpoint.admin : caller === 'user' ? endpoint.user : 401;
    expect({ caller, status: res.status }).toEqual({ caller, status: expected });
    if (expected >= 400) {
      expect(res.body).toMatchObject({
        statusCode: expected,
        code: expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        message: expect.any(String),
      });
    }
  });

  it('says why a token is refused', async () => {
    const messages = async (header: string) =>
      (await request(t.http).get('/api/v1/user/platform-quotas').set('Authorization', header)).body.message;
    expect(await messages(credentials.expired!)).toBe('The token has expired.');
    expect(await messages(credentials['wrong signature']!)).toBe('The token is not valid.');
    expect(await messages(credentials['deleted user']!)).toBe('The user of this token no longer exists.');
    expect(await messages('Token abc')).toMatch(/Missing bearer token/);
  });

  it('reads the role from the database on every request: a demoted admin loses access at once', async () => {
    const admin = await signedIn(t, 'admin');
    await request(t.http).get('/api/v1/admin/users').set(admin.auth).expect(200);
    await t.dataSource.query(`UPDATE users SET role = 'user' WHERE id = $1`, [admin.user.id]);
    const res = await request(t.http).get('/api/v1/admin/users').set(admin.auth).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    await request(t.http).get('/api/v1/user/platform-quotas').set(admin.auth).expect(200);
  });

  it('shows a user only their own rows', async () => {
    const alice = await signedIn(t, 'user');
    const bob = await signedIn(t, 'user');
    await setQuota(t.dataSource, alice.user.id, 'anthropic', { limits: { daily: '1' } });
    await setQuota(t.dataSource, bob.user.id, 'gemini', { limits: { daily: '2' } });
    const mine = await request(t.http).get('/api/v1/user/platform-quotas').set(alice.auth).expect(200);
    expect(mine.body.platform_quotas.map((q: { platform: string }) => q.platform)).toEqual(['anthropic']);
    expect(mine.body.platform_quotas[0].daily_limit_usd).toBe('1');
  });

  it('does not accept a token for a user id that never existed', async () => {
    const token = await tokenFor(t, 987_654_321);
    const res = await request(t.http)
      .get('/api/v1/user/platform-quotas')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 503 naming JWT_SECRET when it is not configured', async () => {
    const bare = await createTestApp(t.db, { env: { JWT_SECRET: undefined } });
    try {
      const res = await request(bare.http)
        .get('/api/v1/user/platform-quotas')
        .set('Authorization', 'Bearer x.y.z')
        .expect(503);
      expect(res.body).toMatchObject({ code: 'NOT_CONFIGURED', message: expect.stringContaining('JWT_SECRET') });
    } finally {
      await bare.close();
    }
  });
});
