/**
 * The internal billing API against its own OpenAPI document: one corpus of bodies, each judged by
 * the documented request schema (a plain JSON Schema validator over /docs-json, which knows none
 * of the service's code) and sent to the server. They must agree on every body: what the document
 * accepts, the server takes as valid input (200, or an answer about the data such as 422 for a
 * usage out of range); what it refuses is a 400.
 * And every answer the server gives fits the documented schema of its status.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import request from 'supertest';

import { createUser } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';

const TOKEN = 'contract-test-service-token-0123456789';

type Body = Record<string, unknown>;

/** Bodies for one endpoint, each a change to a valid one (undefined removes the field). */
const CHECK_CORPUS: Body[] = [
  {},
  { user_id: undefined },
  { platform: undefined },
  { user_id: '1' },
  { user_id: 1.5 },
  { user_id: 0 },
  { user_id: -3 },
  { user_id: 2 ** 53 },
  { user_id: Number.MAX_SAFE_INTEGER },
  { user_id: null },
  { platform: 'OpenAI' },
  { platform: 'grok' },
  { platform: null },
  { platform: 'gemini' },
  { extra: true },
];

const CHARGE_CORPUS: Body[] = [
  {},
  { cost_usd: 0 },
  { cost_usd: -0.01 },
  { cost_usd: 0.30000000000000004 },
  { cost_usd: 1e-11 },
  { cost_usd: 9999999999.9999 },
  { cost_usd: 10_000_000_000 },
  { cost_usd: 12345678901 },
  { cost_usd: '0.0125' },
  { cost_usd: ' 12.5 ' },
  { cost_usd: '+3' },
  { cost_usd: '.5' },
  { cost_usd: '7.' },
  { cost_usd: '9999999999.9999999999' },
  { cost_usd: '0.00000000000000000001' },
  { cost_usd: '12345678901' },
  { cost_usd: '-1' },
  { cost_usd: '-0' },
  { cost_usd: '1e-3' },
  { cost_usd: '1e400' },
  { cost_usd: 'NaN' },
  { cost_usd: 'Infinity' },
  { cost_usd: '' },
  { cost_usd: 'ten' },
  { cost_usd: true },
  { cost_usd: null },
  { cost_usd: [1] },
  { cost_usd: undefined },
  { request_id: '' },
  { request_id: 'r'.repeat(255) },
  { request_id: 'r'.repeat(256) },
  { request_id: 'tab\there' },
  { request_id: 'emoji-\u{1F600}' },
  { request_id: 'lone-\ud800' },
  { request_id: 42 },
  { request_id: undefined },
  { user_id: '7' },
  { platform: 'anthropic' },
  { platform: 'bard' },
  { discount: 1 },
];

describe('the internal billing API against its OpenAPI document', () => {
  const t = useTestApp({ env: { BILLING_SERVICE_TOKEN: TOKEN } });
  let userId: number;
  let documented: (name: string) => ValidateFunction;
  let sequence = 0;

  beforeAll(async () => {
    userId = (await createUser(t.dataSource)).id;
    const doc = (await request(t.http).get('/docs-json').expect(200)).body;
    // A validator that knows OpenAPI's annotations, and nothing of the service's own keywords.
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, object>)) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    documented = (name) => ajv.getSchema(`#/components/schemas/${name}`)!;
  });

  const post = (path: string, body: Body) =>
    request(t.http)
      .post(`/api/v1/internal/billing/${path}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(JSON.parse(JSON.stringify(body)));

  async function judge(path: string, schema: string, responseSchema: string, body: Body) {
    const sent = JSON.parse(JSON.stringify(body));
    const accepted = documented(schema)(sent);
    const res = await post(path, body);
    if (accepted) expect([200, 404, 409, 422]).toContain(res.status);
    else expect(res.status).toBe(400);
    const answer = documented(res.status === 200 ? responseSchema : 'ErrorBodyDto');
    expect(answer(res.body) ? 'fits' : answer.errors).toBe('fits');
    return { accepted, status: res.status };
  }

  it.each(CHECK_CORPUS.map((change) => [JSON.stringify(change), change]))('check %s', async (_name, change) => {
    await judge('check', 'CheckRequestDto', 'CheckResponseDto', { user_id: userId, platform: 'openai', ...change });
  });

  it.each(CHARGE_CORPUS.map((change) => [JSON.stringify(change), change]))('charge %s', async (_name, change) => {
    const body = { user_id: userId, platform: 'openai', cost_usd: '0.01', request_id: `c-${++sequence}`, ...change };
    await judge('charge', 'ChargeRequestDto', 'ChargeResponseDto', body);
  });

  it('answers a batch of the whole corpus item by item, each refusal exactly where the document refuses', async () => {
    const items = CHARGE_CORPUS.map((change) => ({
      user_id: userId,
      platform: 'openai',
      cost_usd: '0.01',
      request_id: `b-${++sequence}`,
      ...change,
    }));
    const sent = JSON.parse(JSON.stringify({ charges: items }));
    expect(documented('ChargeBatchRequestDto')(sent)).toBe(true);
    const res = await post('charges', { charges: items }).expect(200);
    expect(documented('ChargeBatchResponseDto')(res.body) ? 'fits' : documented('ChargeBatchResponseDto').errors).toBe(
      'fits',
    );
    const item = documented('ChargeRequestDto');
    const verdicts = sent.charges.map((charge: Body) => item(charge));
    expect(
      res.body.results.map(
        (r: { ok: boolean; error?: { code: string } }) => r.ok || r.error!.code !== 'VALIDATION_FAILED',
      ),
    ).toEqual(verdicts);
  });
});
