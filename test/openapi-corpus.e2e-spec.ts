/**
 * The admin and user APIs against their OpenAPI document: one corpus of requests (bodies, query
 * strings, path ids), each judged by the documented request schema (ajv over /docs-json, which knows
 * none of the service's code) and sent to the server. They must agree on every request: what the
 * document accepts the server takes as valid input (2xx, or an answer about the data such as 404 or
 * 409); what the document refuses the server refuses with 400 VALIDATION_FAILED. The internal
 * billing API has its own corpus (billing-contract.e2e-spec.ts).
 */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { createUser } from './support/fixtures.js';
import { OpenApiContract } from './support/openapi-contract.js';
import { useTestApp } from './support/test-app.js';

type Body = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch';
type Query = Record<string, string>;

/** A change to a valid body: its fields replace the valid one's (undefined removes one). */
const change = (base: Body, edits: Body[]) => edits.map((edit) => ({ ...base, ...edit }));

const LIMITS: Body[] = [
  { daily_limit_usd: 0 },
  { daily_limit_usd: -0 },
  { daily_limit_usd: 12.5 },
  { daily_limit_usd: 9999999999.999998 },
  { daily_limit_usd: 10_000_000_000 },
  { daily_limit_usd: -1 },
  { daily_limit_usd: '10' },
  { daily_limit_usd: ' 12.5 ' },
  { daily_limit_usd: '+3' },
  { daily_limit_usd: '.5' },
  { daily_limit_usd: '7.' },
  { daily_limit_usd: '9999999999.9999999999' },
  { daily_limit_usd: '0.00000000001' },
  { daily_limit_usd: '12345678901' },
  { daily_limit_usd: '-1' },
  { daily_limit_usd: '-0' },
  { daily_limit_usd: '1e-3' },
  { daily_limit_usd: '1e400' },
  { daily_limit_usd: 'NaN' },
  { daily_limit_usd: 'Infinity' },
  { daily_limit_usd: '' },
  { daily_limit_usd: 'ten' },
  { daily_limit_usd: '0x10' },
  { daily_limit_usd: '１' },
  { daily_limit_usd: true },
  { daily_limit_usd: [1] },
  { daily_limit_usd: {} },
  { daily_limit_usd: null },
  { weekly_limit_usd: '5', monthly_limit_usd: null },
];

const EMAILS = [
  'ada@example.com',
  'a.b-c+d@mail.example.co',
  'x@xn--80ak6aa92e.com',
  `${'a'.repeat(64)}@example.com`,
  `${'a'.repeat(65)}@example.com`,
  `a@${'b'.repeat(63)}.com`,
  `a@${'b'.repeat(64)}.com`,
  `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`,
  `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
  'a..b@example.com',
  '.a@example.com',
  'a@example',
  'a@example.c',
  'a@example.123',
  'a@-example.com',
  'a@exa_mple.com',
  'ü@example.com',
  'a@bü.com',
  '"a b"@example.com',
  'a@[127.0.0.1]',
  ' ada@example.com',
  'ada@example.com ',
  'not an email',
  '',
  42,
  null,
];

describe('the admin and user APIs against their OpenAPI document', () => {
  const t = useTestApp();
  let contract: OpenApiContract;
  let auth: Record<string, string>;
  let userId: number;
  let sequence = 0;
  const verdicts = { accepted: 0, refused: 0 };

  beforeAll(async () => {
    contract = new OpenApiContract((await request(t.http).get('/docs-json').expect(200)).body);
    ({ auth } = await signedIn(t, 'admin'));
    userId = (await createUser(t.dataSource)).id;
    await request(t.http)
      .put(`/api/v1/admin/users/${userId}/platform-quotas`)
      .set(auth)
      .send({ quotas: ['anthropic', 'openai', 'gemini', 'antigravity'].map((platform) => ({ platform })) })
      .expect(200);
  });

  afterAll(() => {
    // The corpus has both kinds: a one-sided run would show nothing.
    expect(verdicts.accepted).toBeGreaterThan(20);
    expect(verdicts.refused).toBeGreaterThan(20);
  });

  /** The document's verdict on a body. */
  function bodyAccepted(method: Method, path: string, body: unknown): boolean {
    const op = contract.operation(path, method)!;
    const schema = (op.op.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']
      .schema;
    return contract.validator(`${method} ${path} request`, schema)(body);
  }

  /**
   * The document's verdict on query and path parameters, read as OpenAPI serialises them: an
   * integer is decimal digits (`12`, not `012` or `12.0`), anything else is text.
   */
  function parametersAccepted(method: Method, path: string, values: Record<string, string>): boolean {
    const op = contract.operation(path, method)!;
    return (op.op.parameters ?? []).every((parameter) => {
      const name = parameter.name as string;
      const schema = parameter.schema as { type?: string };
      const text = values[name];
      if (text === undefined) return !parameter.required;
      const value = schema.type === 'integer' && /^-?(0|[1-9]\d*)$/.test(text) ? Number(text) : text;
      return contract.validator(`${method} ${path} ${String(parameter.in)} ${name}`, schema)(value);
    });
  }

  async function judge(
    method: Method,
    path: string,
    target: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown },
  ) {
    const values = { ...target.path, ...target.query };
    const sent = target.body === undefined ? undefined : JSON.parse(JSON.stringify(target.body));
    const accepted =
      parametersAccepted(method, path, values) && (sent === undefined || bodyAccepted(method, path, sent));
    const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(target.path![name]!));
    let call = request(t.http)
      [method](url)
      .set(auth)
      .query(target.query ?? {});
    if (sent !== undefined) call = call.send(sent);
    const res = await call;
    const refusedByServer =
      res.status === 400 && ['VALIDATION_FAILED', 'INVALID_DEFAULT_PLATFORM_QUOTA'].includes(res.body.code);
    verdicts[accepted ? 'accepted' : 'refused'] += 1;
    const server = `${res.status} ${res.body.code ?? ''}: ${res.body.message ?? ''}`;
    expect({ documented: accepted ? 'accepts' : 'refuses', server }).toEqual({
      documented: refusedByServer ? 'refuses' : 'accepts',
      server,
    });
    if (accepted) expect([200, 201, 404, 409]).toContain(res.status);
  }

  const quotasPath = '/api/v1/admin/users/{id}/platform-quotas';
  const id = () => ({ id: String(userId) });

  it.each(EMAILS.map((email) => [JSON.stringify(email), email]))('create a user with the email %s', (_, email) =>
    judge('post', '/api/v1/admin/users', {
      body: {
        email: typeof email === 'string' && email.includes('example.com') ? `${++sequence}${email}` : email,
        auth_source: 'email',
      },
    }),
  );

  it.each(
    change({ email: 'corpus@example.com', auth_source: 'github' }, [
      { role: 'admin' },
      { role: 'user' },
      { role: null },
      { role: 'root' },
      { auth_source: 'GitHub' },
      { auth_source: null },
      { auth_source: undefined },
      { email: undefined },
      { extra: 1 },
    ]).map((body) => [JSON.stringify(body), body]),
  )('create a user: %s', (_, body) =>
    judge('post', '/api/v1/admin/users', {
      body: { ...body, email: body.email && `${++sequence}${body.email as string}` },
    }),
  );

  it.each(
    [
      ...change({ platform: 'openai' }, LIMITS),
      { platform: 'grok' },
      { platform: null },
      {},
      { platform: 'openai', hourly_limit_usd: 1 },
    ].map((item) => [JSON.stringify(item), item]),
  )('replace quotas with the item %s', (_, item) => judge('put', quotasPath, { path: id(), body: { quotas: [item] } }));

  it.each(
    [
      {},
      { quotas: [] },
      { quotas: null },
      { quotas: {} },
      { quotas: [null] },
      { quotas: ['openai'] },
      { quotas: [{ platform: 'openai' }], extra: true },
      { quotas: ['anthropic', 'openai', 'gemini', 'antigravity', 'openai'].map((platform) => ({ platform })) },
    ].map((body) => [JSON.stringify(body), body]),
  )('replace quotas: %s', (_, body) => judge('put', quotasPath, { path: id(), body }));

  it.each(
    [
      ...LIMITS,
      {},
      { daily_limit_usd: undefined },
      { hourly_limit_usd: 1 },
      { daily_limit_usd: 1, platform: 'openai' },
    ].map((body) => [JSON.stringify(body), body]),
  )('patch a quota: %s', (_, body) =>
    judge('patch', `${quotasPath}/{platform}`, { path: { ...id(), platform: 'openai' }, body }),
  );

  it.each(['openai', 'OpenAI', 'grok', ''].filter(Boolean).map((platform) => [platform]))(
    'patch the quota of the platform %s',
    (platform) =>
      judge('patch', `${quotasPath}/{platform}`, {
        path: { ...id(), platform },
        body: { daily_limit_usd: '1' },
      }),
  );

  it.each(
    change({ platform: 'openai', window: 'daily' }, [
      {},
      { window: 'all' },
      { window: 'hourly' },
      { window: null },
      { window: undefined },
      { platform: 'grok' },
      { platform: undefined },
      { extra: 1 },
    ]).map((body) => [JSON.stringify(body), body]),
  )('reset a quota: %s', (_, body) => judge('post', `${quotasPath}/reset`, { path: id(), body }));

  it.each(
    [
      { user_ids: 'self', mode: 'fill_missing' },
      { all: true, mode: 'overwrite' },
      { user_ids: 'self', all: true, mode: 'fill_missing' },
      { mode: 'fill_missing' },
      { user_ids: null, all: true, mode: 'fill_missing' },
      { user_ids: 'self', all: null, mode: 'fill_missing' },
      { all: false, mode: 'fill_missing' },
      { user_ids: [], mode: 'fill_missing' },
      { user_ids: [0], mode: 'fill_missing' },
      { user_ids: [1.5], mode: 'fill_missing' },
      { user_ids: ['1'], mode: 'fill_missing' },
      { user_ids: [2 ** 53], mode: 'fill_missing' },
      { user_ids: [Number.MAX_SAFE_INTEGER], mode: 'fill_missing' },
      { user_ids: Array.from({ length: 1001 }, (_, i) => i + 1), mode: 'fill_missing' },
      { user_ids: 'self', mode: 'replace' },
      { user_ids: 'self' },
      { user_ids: 'self', mode: 'fill_missing', extra: 1 },
    ].map((body) => [JSON.stringify(body), body]),
  )('apply defaults: %s', (_, body) =>
    judge('post', '/api/v1/admin/platform-quotas/apply-defaults', {
      body: body.user_ids === 'self' ? { ...body, user_ids: [userId] } : body,
    }),
  );

  const RESET = { type: 'reset', platform: 'openai', window: 'daily' };
  it.each(
    [
      { target: { all: true }, action: RESET },
      { target: { user_ids: [1, 2] }, action: RESET },
      { target: { filter: {} }, action: RESET },
      {
        target: { filter: { search: 'example', platform: 'openai', status: 'limited', auth_source: 'email' } },
        action: RESET,
      },
      { target: { filter: { search: '' } }, action: RESET },
      { target: { filter: { search: 'x'.repeat(321) } }, action: RESET },
      { target: { filter: { search: null } }, action: RESET },
      { target: { filter: { status: 'gone' } }, action: RESET },
      { target: { filter: { nope: 1 } }, action: RESET },
      { target: { filter: null }, action: RESET },
      { target: { all: true, user_ids: [1] }, action: RESET },
      { target: { all: true, filter: {} }, action: RESET },
      { target: {}, action: RESET },
      { target: { all: false }, action: RESET },
      { target: { user_ids: [] }, action: RESET },
      { target: { user_ids: [0] }, action: RESET },
      { target: null, action: RESET },
      { target: { all: true }, action: { type: 'reset', platform: 'openai' } },
      { target: { all: true }, action: { ...RESET, mode: 'overwrite' } },
      { target: { all: true }, action: { ...RESET, daily_limit_usd: 1 } },
      { target: { all: true }, action: { type: 'apply_defaults', mode: 'overwrite' } },
      { target: { all: true }, action: { type: 'apply_defaults' } },
      { target: { all: true }, action: { type: 'apply_defaults', mode: 'overwrite', platform: 'openai' } },
      { target: { all: true }, action: { type: 'set_limits', platform: 'openai', daily_limit_usd: '5' } },
      { target: { all: true }, action: { type: 'set_limits', platform: 'openai', weekly_limit_usd: null } },
      { target: { all: true }, action: { type: 'set_limits', platform: 'openai' } },
      { target: { all: true }, action: { type: 'set_limits', daily_limit_usd: 1 } },
      { target: { all: true }, action: { type: 'set_limits', platform: 'openai', daily_limit_usd: '1e3' } },
      {
        target: { all: true },
        action: { type: 'set_limits', platform: 'openai', monthly_limit_usd: 1, window: 'daily' },
      },
      { target: { all: true }, action: { type: 'delete' } },
      { target: { all: true }, action: null },
      { target: { all: true }, action: RESET, dry_run: null },
      { target: { all: true }, action: RESET, dry_run: 'yes' },
      { target: { all: true }, action: RESET, extra: 1 },
    ].map((body) => [JSON.stringify(body), body]),
  )('bulk: %s', (_, body) => judge('post', '/api/v1/admin/platform-quotas/bulk', { body: { dry_run: true, ...body } }));

  it.each(
    [
      {},
      { default_platform_quotas: null },
      { default_platform_quotas: {} },
      { default_platform_quotas: { openai: { daily: 10, weekly: '2.5', monthly: null } } },
      { default_platform_quotas: { openai: null } },
      { default_platform_quotas: { openai: {} } },
      { default_platform_quotas: { openai: { daily: -1 } } },
      { default_platform_quotas: { openai: { daily: '1e3' } } },
      { default_platform_quotas: { openai: { daily: 'ten' } } },
      { default_platform_quotas: { openai: { hourly: 1 } } },
      { default_platform_quotas: { grok: { daily: 1 } } },
      { default_platform_quotas: { openai: 5 } },
      { default_platform_quotas: [] },
      { default_platform_quotas: 'none' },
      { auth_source_default_github_platform_quotas: { gemini: { monthly: '20' } } },
      { auth_source_default_github_grant_on_signup: true },
      { auth_source_default_github_grant_on_signup: null },
      { auth_source_default_github_grant_on_signup: 'yes' },
      { auth_source_default_myspace_grant_on_signup: true },
    ].map((body) => [JSON.stringify(body), body]),
  )('settings: %s', (_, body) => judge('put', '/api/v1/admin/settings/platform-quotas', { body }));

  it.each(
    [
      {},
      { page: '1' },
      { page: '1000000' },
      { page: '1000001' },
      { page: '0' },
      { page: '-1' },
      { page: '01' },
      { page: '1.0' },
      { page: '1e3' },
      { page: '0x10' },
      { page: '' },
      { page: 'two' },
      { page_size: '100' },
      { page_size: '101' },
      { search: '' },
      { search: 'example' },
      { search: 'x'.repeat(320) },
      { search: 'x'.repeat(321) },
      { search: '😀'.repeat(320) },
      { auth_source: 'github' },
      { auth_source: 'myspace' },
      { platform: 'openai' },
      { platform: 'grok' },
      { status: 'near_limit' },
      { status: 'dead' },
      { sort: 'usage' },
      { sort: 'name' },
    ].map((query) => [JSON.stringify(query), query as Query]),
  )('list users with %s', (_, query) => judge('get', '/api/v1/admin/users', { query }));

  it.each(
    [
      {},
      { target_user_id: '42' },
      { target_user_id: '0' },
      { target_user_id: '9007199254740991' },
      { target_user_id: '9007199254740992' },
      { target_user_id: '4.2' },
      { action: 'user.created' },
      { action: 'user.exploded' },
      { page_size: '0' },
    ].map((query) => [JSON.stringify(query), query as Query]),
  )('read the audit log with %s', (_, query) => judge('get', '/api/v1/admin/audit-log', { query }));

  it.each(
    [{}, { days: '1' }, { days: '366' }, { days: '367' }, { days: '0' }, { days: '7.5' }, { days: '+7' }].map(
      (query) => [JSON.stringify(query), query as Query],
    ),
  )('read the usage history with %s', (_, query) => judge('get', '/api/v1/user/usage-history', { query }));

  it.each(['self', '1', '0', '-1', '01', '1.0', '1e3', '0x10', '+1', 'abc', '9007199254740991', '9007199254740992'])(
    'read the user %s',
    (text) => judge('get', '/api/v1/admin/users/{id}', { path: { id: text === 'self' ? String(userId) : text } }),
  );
});
