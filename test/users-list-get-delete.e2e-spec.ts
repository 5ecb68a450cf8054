/** Users as an admin finds and removes them: the list (paged, searched, filtered), one user, soft-deletion. */
import request from 'supertest';

import { PLATFORMS } from '../src/common/domain.constants.js';
import { signedIn } from './support/auth.js';
import { createUser } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW } from './support/time.js';
import { ISO, nextSequence, USERS, useUsersApi } from './support/users-api.js';

describe('admin users', () => {
  const t = useTestApp();
  const { admin, api, createThroughApi, quotaRows, activeRows, audit } = useUsersApi(t);

  describe('GET /users (list)', () => {
    /** Users with a shared, unique tag in their email, so a search finds exactly them. */
    async function tagged(count: number, sources: string[] = ['email']) {
      const tag = `list${nextSequence()}x${Date.now()}`;
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(
          (await createThroughApi({ email: `m${i}.${tag}@example.com`, auth_source: sources[i % sources.length] })).id,
        );
      }
      return { tag, ids };
    }

    it('pages through the matching users oldest first, with page, page_size and total', async () => {
      const { tag, ids } = await tagged(5);
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await api.list({ search: tag, page, page_size: 2 }).expect(200);
        expect(res.body).toMatchObject({ page, page_size: 2, total: 5 });
        pages.push(res.body.items.map((u: { id: number }) => u.id));
      }
      expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);

      const beyond = await api.list({ search: tag, page: 4, page_size: 2 }).expect(200);
      expect(beyond.body).toEqual({ items: [], page: 4, page_size: 2, total: 5 });
    });

    it('answers items in the user shape with their quotas, page 1 and page_size 20 by default', async () => {
      const { tag, ids } = await tagged(1, ['dingtalk']);
      const res = await api.list({ search: tag }).expect(200);
      // Registration gave the user a row per platform, unlimited (no defaults are set).
      const unlimited = Object.fromEntries(
        ['daily', 'weekly', 'monthly'].flatMap((w) => [
          [`${w}_limit_usd`, null],
          [`${w}_usage_usd`, '0'],
          [`${w}_remaining_usd`, null],
          [`${w}_window_resets_at`, w === 'monthly' ? null : expect.stringMatching(ISO)],
          [`${w}_used_percent`, null],
        ]),
      );
      expect(res.body).toEqual({
        items: [
          {
            id: ids[0],
            email: `m0.${tag}@example.com`,
            auth_source: 'dingtalk',
            role: 'user',
            created_at: expect.stringMatching(ISO),
            updated_at: expect.stringMatching(ISO),
            deleted_at: null,
            platform_quotas: PLATFORMS.map((platform) => ({ platform, held_usd: '0', ...unlimited })),
            max_used_percent: null,
          },
        ],
        page: 1,
        page_size: 20,
        total: 1,
      });
    });

    it('without a search lists every live user (the total counts them all)', async () => {
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE deleted_at IS NULL');
      const res = await api.list({ page_size: 100 }).expect(200);
      expect(res.body.total).toBe(n);
    });

    it('searches by any part of the email, case-insensitively', async () => {
      const { tag, ids } = await tagged(2);
      const upper = await api.list({ search: tag.toUpperCase() }).expect(200);
      expect(upper.body.items.map((u: { id: number }) => u.id)).toEqual(ids);
      const part = await api.list({ search: `M1.${tag.toUpperCase()}@EXAMPLE` }).expect(200);
      expect(part.body.items.map((u: { id: number }) => u.id)).toEqual([ids[1]]);
      expect(part.body.total).toBe(1);
    });

    it('treats % and _ (and \\) in the search literally', async () => {
      const tag = `lit${nextSequence()}x${Date.now()}`;
      const make = async (local: string) =>
        (await createUser(t.dataSource, { email: `${local}.${tag}@example.com` })).id;
      const underscore = await make('a_b');
      const notUnderscore = await make('axb');
      const percent = await make('100%off');
      const notPercent = await make('100xoff');
      const backslash = await make('back\\slash');

      const ids = async (search: string) =>
        (await api.list({ search }).expect(200)).body.items.map((u: { id: number }) => u.id);
      expect(await ids(`a_b.${tag}`)).toEqual([underscore]);
      expect(await ids(`100%off.${tag}`)).toEqual([percent]);
      expect(await ids(`back\\slash.${tag}`)).toEqual([backslash]);
      expect(await ids(tag)).toEqual([underscore, notUnderscore, percent, notPercent, backslash]);
      expect(await ids(`%off.${tag}`)).toEqual([percent]);
      expect(await ids(`_b.${tag}`)).toEqual([underscore]);
    });

    it('refuses a query parameter given twice with 400 saying so', async () => {
      const res = await request(t.http).get(`${USERS}?page=1&page=2&search=a`).set(admin.auth).expect(400);
      expect(res.body.details.errors).toEqual([{ field: 'page', message: 'page must be given once' }]);
    });

    it('refuses a search with a control character (PostgreSQL text cannot hold NUL) with 400 naming it', async () => {
      for (const search of ['a\u0000b', 'line\nbreak']) {
        const res = await api.list({ search }).expect(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { errors: [{ field: 'search', message: 'search must not contain control characters' }] },
        });
      }
    });

    it('filters by auth source', async () => {
      const { tag, ids } = await tagged(4, ['github', 'google']);
      const google = await api.list({ search: tag, auth_source: 'google' }).expect(200);
      expect(google.body.items.map((u: { id: number }) => u.id)).toEqual([ids[1], ids[3]]);
      expect(google.body.total).toBe(2);
      expect(google.body.items.every((u: { auth_source: string }) => u.auth_source === 'google')).toBe(true);
      const wechat = await api.list({ search: tag, auth_source: 'wechat' }).expect(200);
      expect(wechat.body).toMatchObject({ items: [], total: 0 });
    });

    it('leaves deleted users out', async () => {
      const { tag, ids } = await tagged(3);
      await api.remove(ids[1]).expect(200);
      const res = await api.list({ search: tag }).expect(200);
      expect(res.body.items.map((u: { id: number }) => u.id)).toEqual([ids[0], ids[2]]);
      expect(res.body.total).toBe(2);
    });

    it.each([
      ['page', '0'],
      ['page', '-1'],
      ['page', '1.5'],
      ['page', 'abc'],
      ['page_size', '0'],
      ['page_size', '101'],
      ['page_size', 'abc'],
      ['auth_source', 'twitter'],
    ])('refuses %s=%s with 400 naming it', async (name, value) => {
      const res = await api.list({ [name]: value }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([name]);
    });

    it('accepts the largest page size, 100', async () => {
      const res = await api.list({ page_size: 100 }).expect(200);
      expect(res.body.page_size).toBe(100);
    });

    it('is refused to a plain user with 403', async () => {
      const user = await signedIn(t, 'user');
      const res = await request(t.http).get(USERS).set(user.auth).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  describe('GET /users/:id', () => {
    it('answers 200 with the user', async () => {
      const created = await createThroughApi({ auth_source: 'linuxdo' });
      const res = await api.get(created.id).expect(200);
      const { platform_quotas: _quotas, ...user } = created as typeof created & Record<string, unknown>;
      expect(res.body).toEqual(user);
      expect(res.body).toMatchObject({ id: created.id, auth_source: 'linuxdo', role: 'user', deleted_at: null });
    });

    it('refuses a query parameter, which this route does not take, with 400 naming it (and deletes nothing)', async () => {
      const created = await createThroughApi();
      const read = await api.get(created.id).query({ dry_run: 'true' }).expect(400);
      expect(read.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'dry_run: property dry_run should not exist',
        details: { errors: [{ field: 'dry_run', message: 'property dry_run should not exist' }] },
      });
      await api.remove(created.id).query({ dry_run: 'true' }).expect(400);
      await api.get(created.id).expect(200);
      // Not signed in, the 401 comes first, as for any other refusal.
      await request(t.http).get(`${USERS}/${created.id}`).query({ x: 1 }).expect(401);
    });

    it('answers 404 USER_NOT_FOUND for an unknown user', async () => {
      const res = await api.get(987654321).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
    });

    it('answers 404 USER_NOT_FOUND for a deleted user', async () => {
      const created = await createThroughApi();
      await api.remove(created.id).expect(200);
      const res = await api.get(created.id).expect(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });

    it.each(['abc', '0', '-1', '1.5', '12abc', '99999999999999999999'])(
      'answers 400 naming the id for "%s"',
      async (id) => {
        const res = await api.get(id).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
        expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
      },
    );

    // Number() reads these as other ids; the API reads ids as written.
    it('refuses a non-canonical numeral (hex, sign, fraction, exponent) as an id instead of reading it as another id', async () => {
      const created = await createThroughApi();
      const forms = [`0x${created.id.toString(16)}`, `+${created.id}`, `${created.id}.0`, `${created.id}.`, '1e3'];
      for (const id of forms) {
        const res = await api.get(encodeURIComponent(id));
        expect({ id, status: res.status }).toEqual({ id, status: 400 });
        expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
      }
      const res = await api.remove(`0x${created.id.toString(16)}`);
      expect(res.status).toBe(400);
      await api.get(created.id).expect(200);
    });
  });

  describe('DELETE /users/:id', () => {
    it("answers 200 with deleted_at set and soft-deletes the user's active quota rows", async () => {
      const created = await createThroughApi();
      await api.removeQuota(created.id, 'gemini').expect(200);
      const earlier = (await quotaRows(created.id)).find((r) => r.platform === 'gemini')!;
      expect(earlier.deleted_at).toBe(NOW);

      t.clock.set('2026-05-21T08:30:00.000Z');
      const res = await api.remove(created.id).expect(200);
      expect(res.body).toMatchObject({ id: created.id, email: created.email, deleted_at: '2026-05-21T08:30:00.000Z' });
      expect(res.body.platform_quotas).toBeUndefined();

      const rows = await quotaRows(created.id);
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(row.deleted_at).toBe(row.platform === 'gemini' ? NOW : '2026-05-21T08:30:00.000Z');
      }
      const [user] = await t.dataSource.query('SELECT deleted_at FROM users WHERE id = $1', [created.id]);
      expect(new Date(user.deleted_at).toISOString()).toBe('2026-05-21T08:30:00.000Z');
    });

    it("does not touch other users' rows", async () => {
      const doomed = await createThroughApi();
      const other = await createThroughApi();
      const before = await quotaRows(other.id);
      await api.remove(doomed.id).expect(200);
      expect(await quotaRows(other.id)).toEqual(before);
    });

    it('makes the user 404 afterwards, and a second delete is 404 too', async () => {
      const created = await createThroughApi();
      await api.remove(created.id).expect(200);
      expect((await api.get(created.id).expect(404)).body.code).toBe('USER_NOT_FOUND');
      const again = await api.remove(created.id).expect(404);
      expect(again.body.code).toBe('USER_NOT_FOUND');
      expect(await audit({ action: 'user.deleted', target: created.id })).toHaveLength(1);
    });

    it('records a user.deleted audit entry with the actor', async () => {
      const created = await createThroughApi({ auth_source: 'wechat' });
      await api.remove(created.id).expect(200);
      const entries = await audit({ action: 'user.deleted', target: created.id });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor_user_id: admin.user.id,
        target_user_id: created.id,
        before: { id: created.id, email: created.email, deleted_at: null },
        after: { id: created.id, deleted_at: NOW },
      });
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expect((await api.remove(987654322).expect(404)).body.code).toBe('USER_NOT_FOUND');
      expect((await api.remove('abc').expect(400)).body.details.errors[0].field).toBe('id');
    });

    it('is refused to a plain user with 403 and deletes nothing', async () => {
      const created = await createThroughApi();
      const user = await signedIn(t, 'user');
      await request(t.http).delete(`${USERS}/${created.id}`).set(user.auth).expect(403);
      await api.get(created.id).expect(200);
      expect(Object.keys(await activeRows(created.id))).toHaveLength(4);
    });
  });
});
