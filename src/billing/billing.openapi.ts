/**
 * How the OpenAPI document describes the internal billing endpoints, which are routes of Fastify
 * itself (billing-routes.ts) rather than Nest controllers: request and answer shapes refer to the
 * schemas of billing.schemas.ts, the same objects the routes are compiled from.
 */
import { BATCH_BODY_LIMIT, BILLING_PATH } from './billing-routes.js';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: schemaRef(name) } });
const error = (description: string, extra: object = {}) => ({ description, content: json('ErrorBodyDto'), ...extra });

/** The answers every one of them can give. */
const COMMON_ERRORS = {
  400: error(
    'Invalid input (VALIDATION_FAILED; `details.errors` names each field) or an unreadable body (MALFORMED_REQUEST).',
  ),
  401: error('Missing or wrong service token (UNAUTHENTICATED).'),
  503: error(
    'BILLING_SERVICE_TOKEN is not set (NOT_CONFIGURED), the database is unreachable (DATABASE_UNAVAILABLE), ' +
      'more than BILLING_QUEUE_MAX requests are already waiting for it (OVERLOADED, with Retry-After: 1), or the ' +
      'service is shutting down (SHUTTING_DOWN). A charge answered 503 may be retried with the same request id.',
  ),
};

const operation = (id: string, summary: string, description: string, body: string, answer: string, errors: object) => ({
  post: {
    operationId: `BillingInternalController_${id}`,
    tags: ['internal billing'],
    summary,
    description,
    security: [{ 'service-token': [] }],
    requestBody: { required: true, content: json(body) },
    responses: { 200: { description: '', content: json(answer) }, ...COMMON_ERRORS, ...errors },
  },
});

export const BILLING_OPENAPI_PATHS = {
  [`${BILLING_PATH}/check`]: operation(
    'check',
    'May this user spend on this platform now?',
    '200 with each window’s limit, usage, remaining amount and reset time, and what live holds keep (`held_usd`), ' +
      'when allowed. 429 when a window is exhausted (`usage + held >= limit`), naming the first one in the order ' +
      'daily, weekly, monthly, with `Retry-After` in seconds until it resets (60 when unknown). A disabled window ' +
      '(limit 0) always refuses and is named first, with `disabled: true`, no `resets_at` and no `Retry-After`: ' +
      'waiting does not lift it. With `hold_usd` and `request_id`, the check also reserves a hold in the same atomic ' +
      'step: granted only when, in every limited window, `usage + held + hold_usd <= limit` (and `usage + held < ' +
      'limit`), answered with `hold` (id, amount, expiry); otherwise 429 and nothing is held. A hold counts as used ' +
      'until the charge with the same request_id settles it, POST /release releases it, or BILLING_HOLD_TTL_SECONDS ' +
      'pass. The same request_id again returns the first hold with `duplicate: true`.',
    'CheckRequestDto',
    'CheckResponseDto',
    {
      404: error('USER_NOT_FOUND'),
      409: error(
        'IDEMPOTENCY_KEY_REUSED: the request_id holds a different hold (user, platform or amount), or was charged already without a hold.',
      ),
      429: error(
        'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED (or WEEKLY, MONTHLY); details: platform, window, limit_usd, usage_usd, ' +
          'held_usd (what live holds keep), hold_usd (the hold asked for, if any), disabled, resets_at.',
        {
          headers: {
            'Retry-After': {
              description: 'Seconds until the exhausted window resets; absent for a disabled window',
              schema: { type: 'integer' },
            },
          },
        },
      ),
    },
  ),
  [`${BILLING_PATH}/charge`]: operation(
    'charge',
    'Record what an upstream call cost',
    'Adds the cost to the daily, weekly and monthly usage of (user, platform), restarting expired windows, whether ' +
      'or not the user has limits there. Idempotent by request_id. Charges are never refused for quota: the call ' +
      'has already been made. A hold reserved under the same request_id (and user, platform) is settled in the ' +
      'same statement: it stops counting as the cost, lower or higher, is added; after its expiry too.',
    'ChargeRequestDto',
    'ChargeResponseDto',
    {
      404: error('USER_NOT_FOUND'),
      409: error('IDEMPOTENCY_KEY_REUSED: the request_id was used for a different charge.'),
      422: error('USAGE_OUT_OF_RANGE: the usage after this charge would not fit DECIMAL(20,10).'),
    },
  ),
  [`${BILLING_PATH}/release`]: operation(
    'release',
    'Release a hold whose request never reached the upstream',
    'The hold reserved under request_id stops counting at once. Idempotent: a hold released before, settled by its ' +
      'charge or expired is answered as it is, with `duplicate: true` (holds are kept for a day after they expire).',
    'ReleaseRequestDto',
    'HoldDto',
    { 404: error('HOLD_NOT_FOUND: no hold was reserved under this request_id.') },
  ),
  [`${BILLING_PATH}/charges`]: operation(
    'charges',
    'Record up to 1,000 charges at once',
    'Each charge is validated and recorded on its own: the answer has one entry per charge, in order, either ' +
      '`{ ok: true, charge }` or `{ ok: false, error }` with the error body a single charge would have received. ' +
      `The body may hold up to ${BATCH_BODY_LIMIT / 1024 / 1024} MB.`,
    'ChargeBatchRequestDto',
    'ChargeBatchResponseDto',
    {},
  ),
};
