/** GET /metrics: what a Prometheus scrape sees after real traffic, counted exactly. */
import request from 'supertest';

import { createUser } from './support/fixtures.js';
import { createTestApp, useTestApp } from './support/test-app.js';

const TOKEN = 'metrics-test-service-token-0123456789';
const CHARGE = '/api/v1/internal/billing/charge';

/** The samples of a scrape, by series (`name{label="value",...}`). */
function samples(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

describe('GET /metrics', () => {
  const t = useTestApp({ env: { BILLING_SERVICE_TOKEN: TOKEN } });
  const scrape = async () => samples((await request(t.http).get('/metrics').expect(200)).text);
  const charge = (body: object) => request(t.http).post(CHARGE).set('Authorization', `Bearer ${TOKEN}`).send(body);
  const value = (at: Map<string, number>, series: string) => at.get(series) ?? 0;

  it('serves the text format without a token when METRICS_TOKEN is unset', async () => {
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toContain('# TYPE quota_charges_total counter');
    expect(res.text).toContain('process_cpu_seconds_total');
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts charges by platform and outcome, and checks refused by window, by exactly what was sent', async () => {
    const user = await createUser(t.dataSource);
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      await charge({ user_id: user.id, platform: 'openai', cost_usd: '0.1', request_id: `m-${user.id}-${i}` }).expect(
        200,
      );
    }
    await charge({ user_id: user.id, platform: 'openai', cost_usd: '0.1', request_id: `m-${user.id}-0` }).expect(200);
    await charge({ user_id: user.id, platform: 'gemini', cost_usd: '-1', request_id: `m-${user.id}-x` }).expect(400);
    await charge({ user_id: 987654321, platform: 'gemini', cost_usd: '1', request_id: `m-${user.id}-y` }).expect(404);
    await charge({ user_id: user.id, platform: 'grok', cost_usd: '1', request_id: `m-${user.id}-z` }).expect(400);
    const batch = await request(t.http)
      .post('/api/v1/internal/billing/charges')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({
        charges: [
          { user_id: user.id, platform: 'anthropic', cost_usd: 2, request_id: `m-${user.id}-b1` },
          { user_id: user.id, platform: 'anthropic', cost_usd: 'lots', request_id: `m-${user.id}-b2` },
        ],
      })
      .expect(200);
    expect(batch.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    await t.dataSource.query(
      `UPDATE user_platform_quotas SET daily_limit_usd = 0.2 WHERE user_id = $1 AND platform = 'openai'`,
      [user.id],
    );
    await request(t.http)
      .post('/api/v1/internal/billing/check')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ user_id: user.id, platform: 'openai' })
      .expect(429);

    const after = await scrape();
    const moved = (series: string) => value(after, series) - value(before, series);
    expect(moved('quota_charges_total{platform="openai",outcome="recorded"}')).toBe(3);
    expect(moved('quota_charges_total{platform="openai",outcome="duplicate"}')).toBe(1);
    expect(moved('quota_charges_total{platform="gemini",outcome="refused-input"}')).toBe(2);
    expect(moved('quota_charges_total{platform="invalid",outcome="refused-input"}')).toBe(1);
    expect(moved('quota_charges_total{platform="anthropic",outcome="recorded"}')).toBe(1);
    expect(moved('quota_charges_total{platform="anthropic",outcome="refused-input"}')).toBe(1);
    expect(moved('quota_check_refusals_total{platform="openai",window="daily"}')).toBe(1);
    expect(
      moved(
        'http_request_duration_seconds_count{method="POST",route="/api/v1/internal/billing/charge",status_class="2xx"}',
      ),
    ).toBe(4);
    expect(
      moved(
        'http_request_duration_seconds_count{method="POST",route="/api/v1/internal/billing/charge",status_class="4xx"}',
      ),
    ).toBe(3);
    expect(moved('quota_batch_size_count{kind="charge"}')).toBeGreaterThanOrEqual(5);
    expect(moved('quota_batch_size_sum{kind="charge"}')).toBe(6);
    expect(moved('quota_batch_size_count{kind="check"}')).toBe(1);
    expect(after.has('quota_queue_depth{kind="charge"}')).toBe(true);
    expect(after.has('db_pool_connections{pool="app",state="in_use"}')).toBe(true);
    expect(after.has('db_pool_connections{pool="billing",state="idle"}')).toBe(true);

    // Labels name routes, platforms and outcomes: never a user, a request id or a URL.
    await request(t.http).get(`/api/v1/nowhere/${user.id}`).expect(404);
    const labelValues = [...(await scrape()).keys()]
      .filter((series) => !series.startsWith('nodejs_version_info'))
      .flatMap((series) =>
        [...series.matchAll(/(\w+)="([^"]*)"/g)].filter(([, name]) => name !== 'le').map((m) => m[2]),
      );
    expect(labelValues).not.toContain(String(user.id));
    expect(labelValues.filter((v) => v.includes(`m-${user.id}`) || v.includes('nowhere'))).toEqual([]);
    expect(labelValues).toContain('unmatched');
  });

  it('asks for METRICS_TOKEN when it is set', async () => {
    const secured = await createTestApp(t.db, {
      env: { METRICS_TOKEN: 'scrape-token-0123456789', DB_MIGRATIONS_RUN: 'false' },
    });
    try {
      const none = await request(secured.http).get('/metrics').expect(401);
      expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('METRICS_TOKEN') });
      await request(secured.http).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
      const ok = await request(secured.http)
        .get('/metrics')
        .set('Authorization', 'Bearer scrape-token-0123456789')
        .expect(200);
      expect(ok.text).toContain('quota_charges_total');
    } finally {
      await secured.close();
    }
  });
});
