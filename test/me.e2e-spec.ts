/** Who the caller is, and the service's vocabulary, as clients such as the web console ask. */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { useTestApp } from './support/test-app.js';

describe('GET /api/v1/user/me and GET /api/v1/meta', () => {
  const t = useTestApp({ env: { QUOTA_TIMEZONE: 'Europe/Berlin', QUOTA_MONTHLY_WINDOW: 'calendar' } });

  it('says who the caller is, with the role the database holds now', async () => {
    const { user, auth } = await signedIn(t, 'user', 'me-user@example.com');
    const res = await request(t.http).get('/api/v1/user/me').set(auth).expect(200);
    expect(res.body).toEqual({ id: user.id, email: 'me-user@example.com', auth_source: 'email', role: 'user' });
    await t.dataSource.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
    expect((await request(t.http).get('/api/v1/user/me').set(auth).expect(200)).body.role).toBe('admin');
  });

  it('describes the platforms, windows, auth sources, time zone and monthly mode to any signed-in user', async () => {
    const { auth } = await signedIn(t, 'user');
    const res = await request(t.http).get('/api/v1/meta').set(auth).expect(200);
    expect(res.body).toEqual({
      platforms: ['anthropic', 'openai', 'gemini', 'antigravity'],
      windows: ['daily', 'weekly', 'monthly'],
      auth_sources: ['email', 'linuxdo', 'oidc', 'wechat', 'github', 'google', 'dingtalk'],
      roles: ['user', 'admin'],
      timezone: 'Europe/Berlin',
      monthly_window: 'calendar',
      currency: 'USD',
      money_scale: 10,
      money_max: '9999999999.9999999999',
    });
  });

  it('answers 401 without a token', async () => {
    await request(t.http).get('/api/v1/meta').expect(401);
    await request(t.http).get('/api/v1/user/me').expect(401);
  });
});
