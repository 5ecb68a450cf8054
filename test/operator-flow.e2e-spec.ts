/**
 * What a new operator does, with the real commands and the compiled service: create the first
 * admin with the CLI, mint its token, set defaults, create a user, charge through the internal
 * API, read the user's own view, reset a window, read the audit log.
 */
import { join } from 'node:path';

import { SignJWT } from 'jose';

import { embeddedFolder } from './support/folders.js';
import { BUILD_DIR, npmRun, start, waitForOutput, type Running } from './support/processes.js';

const JWT_SECRET = 'operator-flow-secret-0123456789abcdef0123';
const SERVICE_TOKEN = 'operator-flow-service-token-0123456789';

/** On the embedded database, as on a fresh machine. */
describe('the operator flow', () => {
  const folder = embeddedFolder('quota-flow-');
  const env = { EMBEDDED_DB_DIR: folder.dir, JWT_SECRET, BILLING_SERVICE_TOKEN: SERVICE_TOKEN, PORT: '0' };
  let service: Running | undefined;

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.finished;
    }
    folder.remove();
  });

  it('goes from an empty database to a charged, reset and audited user', async () => {
    const created = await npmRun(
      'user:create',
      ['--email', 'root@example.com', '--auth-source', 'email', '--role', 'admin'],
      env,
    );
    expect(created).toMatchObject({ code: 0 });
    const admin = JSON.parse(created.stdout.trim().split('\n').at(-1)!);
    expect(admin).toEqual({ id: expect.any(Number), email: 'root@example.com', auth_source: 'email', role: 'admin' });

    const minted = await npmRun('token', ['--user-id', String(admin.id), '--ttl', '2h'], env);
    expect(minted).toMatchObject({ code: 0, stderr: '' });
    const adminToken = minted.stdout.trim();
    expect(adminToken.split('.')).toHaveLength(3);

    service = start([join(BUILD_DIR, 'service.js')], env);
    await waitForOutput(service, (out) => out.includes('Listening on port'));
    const port = /Listening on port (\d+)/.exec(service.output().stdout)![1];
    const call = async (method: string, path: string, token: string, body?: object) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body && { 'Content-Type': 'application/json' }) },
        body: body && JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field below
      return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    };

    // The CLIs share the embedded database with the running service.
    const again = await npmRun('token', ['--user-id', String(admin.id)], env);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const defaults = await call('PUT', '/api/v1/admin/settings/platform-quotas', again.stdout.trim(), {
      default_platform_quotas: { openai: { daily: '1', weekly: 5, monthly: null } },
    });
    expect(defaults.status).toBe(200);
    expect(defaults.body.default_platform_quotas.openai).toEqual({ daily: '1', weekly: '5', monthly: null });

    // The admin API's validation runs in the process as in the tests that build the app in theirs.
    const malformed = await call('POST', '/api/v1/admin/users', adminToken, {
      email: 'not-an-email',
      auth_source: 'github',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['email']);

    const user = await call('POST', '/api/v1/admin/users', adminToken, {
      email: 'dev@example.com',
      auth_source: 'github',
    });
    expect(user.status).toBe(201);
    expect(user.body.platform_quotas.find((q: { platform: string }) => q.platform === 'openai')).toMatchObject({
      daily_limit_usd: '1',
      weekly_limit_usd: '5',
    });

    for (const [cost, id] of [
      ['0.6', 'flow-1'],
      ['0.5', 'flow-2'],
    ]) {
      const charged = await call('POST', '/api/v1/internal/billing/charge', SERVICE_TOKEN, {
        user_id: user.body.id,
        platform: 'openai',
        cost_usd: cost,
        request_id: id,
      });
      expect(charged.status).toBe(200);
    }
    const refusedCheck = await call('POST', '/api/v1/internal/billing/check', SERVICE_TOKEN, {
      user_id: user.body.id,
      platform: 'openai',
    });
    expect(refusedCheck.status).toBe(429);
    expect(refusedCheck.body.code).toBe('USER_PLATFORM_DAILY_QUOTA_EXHAUSTED');
    expect(Number(refusedCheck.headers.get('retry-after'))).toBeGreaterThan(0);

    // The user signs in elsewhere; their token is an HS256 JWT under the same secret.
    const userToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.body.id))
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const own = await call('GET', '/api/v1/user/platform-quotas', userToken);
    expect(own.status).toBe(200);
    const openai = own.body.platform_quotas.find((q: { platform: string }) => q.platform === 'openai');
    expect(openai).toMatchObject({
      daily_usage_usd: '1.1',
      daily_used_percent: 110,
      daily_remaining_usd: '0',
      weekly_used_percent: 22,
    });
    expect(openai).not.toHaveProperty('daily_window_start');

    const reset = await call('POST', `/api/v1/admin/users/${user.body.id}/platform-quotas/reset`, adminToken, {
      platform: 'openai',
      window: 'daily',
    });
    expect(reset.status).toBe(200);
    const afterReset = await call('GET', '/api/v1/user/platform-quotas', userToken);
    expect(afterReset.body.platform_quotas.find((q: { platform: string }) => q.platform === 'openai')).toMatchObject({
      daily_usage_usd: '0',
      weekly_usage_usd: '1.1',
    });
    const allowed = await call('POST', '/api/v1/internal/billing/check', SERVICE_TOKEN, {
      user_id: user.body.id,
      platform: 'openai',
    });
    expect(allowed.status).toBe(200);

    const audit = await call('GET', '/api/v1/admin/audit-log', adminToken);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.platform_quota.reset',
      'user.created',
      'settings.platform_quotas.updated',
    ]);
    expect(audit.body.items.every((e: { actor_user_id: number }) => e.actor_user_id === admin.id)).toBe(true);
    expect(audit.body.items[0]).toMatchObject({
      target_user_id: user.body.id,
      before: { platform: 'openai', window: 'daily', daily_usage_usd: '1.1' },
      after: { platform: 'openai', window: 'daily', daily_usage_usd: '0' },
    });

    service.child.kill('SIGTERM');
    await service.finished;
  }, 180_000);
});
