/**
 * The wire format of the internal billing endpoints, as JSON Schema: one definition per shape,
 * from which Fastify compiles the validators and serializers of the routes and which the OpenAPI
 * document shows under the same names. snake_case JSON; amounts are decimal strings in answers,
 * a JSON number or a decimal string in requests (`x-money`: the rules of money.ts, which also
 * turn them into Money).
 */
import { MAX_BATCH_CHARGES, PLATFORMS, WINDOWS } from '../common/domain.constants.js';
import { ERROR_BODY_SCHEMA } from '../http/error-body.dto.js';
import { HOLD_STATES } from './quota-hold.constants.js';

export const MAX_REQUEST_ID_LENGTH = 255;
/**
 * 1 to 255 characters, none of them a control character (PostgreSQL text cannot hold NUL) nor a
 * lone surrogate (node-postgres would send it as U+FFFD: the id stored would not be the id given).
 */
export const REQUEST_ID_PATTERN = new RegExp(
  `^(?:[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff]){1,${MAX_REQUEST_ID_LENGTH}}$`,
);
export const REQUEST_ID_RULE = `must be 1 to ${MAX_REQUEST_ID_LENGTH} characters without control characters`;

const USER_ID = {
  type: 'integer',
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'The user whose quota is checked or charged.',
  example: 42,
} as const;

const PLATFORM = { type: 'string', enum: [...PLATFORMS], example: 'openai' } as const;

/**
 * A cost: a JSON number from 0 up to (not including) 10^10, or a decimal string of at most 10
 * integer digits, without sign or exponent; either is rounded half-up to 10 fraction digits. The
 * one case JSON Schema cannot say: a string whose rounding reaches 10^10 is refused too.
 */
const COST = {
  anyOf: [
    { type: 'number', minimum: 0, exclusiveMaximum: 10_000_000_000 },
    {
      type: 'string',
      pattern: '^\\s*\\+?(\\d{1,10}(\\.\\d*)?|\\.\\d+)\\s*$',
      'x-rule': 'must be a JSON number or a decimal string such as "0.0125", without a minus sign or an exponent',
    },
  ],
  'x-money': 'cost',
  description:
    'What the upstream call cost, in USD: a JSON number or a decimal string ("0.0125"), rounded half-up to 10 ' +
    'fraction digits, at most 9999999999.9999999999 after rounding. Zero is recorded and leaves the usage unchanged.',
  example: '0.0125',
} as const;

const REQUEST_ID = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_REQUEST_ID_LENGTH,
  pattern: REQUEST_ID_PATTERN.source,
  'x-rule': REQUEST_ID_RULE,
  description:
    'The gateway’s id for the upstream request: the idempotency key. The same id with the same charge returns the ' +
    'recorded result (duplicate: true); with a different charge it is refused with 409.',
  example: 'req_01J9ZK3V6Q2',
} as const;

/** The estimated cost a check may hold: the rules of a cost. */
const HOLD_USD = {
  ...COST,
  description:
    'An estimated cost to hold until the charge with the same request_id settles it (with request_id). Rounded ' +
    'as a cost. Granted only when, in every limited window, usage + held + hold_usd <= limit and usage + held < ' +
    'limit; otherwise 429 and nothing is held.',
  example: '0.5',
} as const;

export const CHECK_REQUEST = {
  type: 'object',
  properties: {
    user_id: USER_ID,
    platform: PLATFORM,
    hold_usd: HOLD_USD,
    request_id: {
      ...REQUEST_ID,
      description:
        'With hold_usd: the gateway’s id for the upstream request, under which the hold is reserved; the charge with ' +
        'this id settles it, POST /release releases it. The same id again returns the hold reserved first ' +
        '(duplicate: true); with a different user, platform or amount, or an id already charged without a hold, ' +
        'it is refused with 409.',
    },
  },
  required: ['user_id', 'platform'],
  additionalProperties: false,
} as const;

/** What a release names: the request id a hold was reserved under. */
export const RELEASE_REQUEST = {
  type: 'object',
  properties: {
    request_id: { ...REQUEST_ID, description: 'The request id the hold was reserved under.' },
  },
  required: ['request_id'],
  additionalProperties: false,
} as const;

export const CHARGE_REQUEST = {
  type: 'object',
  properties: { user_id: USER_ID, platform: PLATFORM, cost_usd: COST, request_id: REQUEST_ID },
  required: ['user_id', 'platform', 'cost_usd', 'request_id'],
  additionalProperties: false,
} as const;

/** The batch's own shape; each charge is checked on its own against CHARGE_REQUEST (see the controller). */
export const CHARGE_BATCH_REQUEST = {
  type: 'object',
  properties: {
    charges: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BATCH_CHARGES,
      items: {
        description:
          'A charge as for POST /charge (ChargeRequestDto), checked on its own: a malformed one is answered as a ' +
          'failed item, not with a refusal of the request.',
      },
      description: 'Charges to record; each is validated and answered on its own.',
    },
  },
  required: ['charges'],
  additionalProperties: false,
} as const;

const AMOUNT = { type: 'string', example: '12.5' } as const;
const NULLABLE_AMOUNT = { type: 'string', nullable: true, example: '12.5' } as const;
const INSTANT = { type: 'string', format: 'date-time' } as const;
const NULLABLE_INSTANT = { type: 'string', format: 'date-time', nullable: true } as const;

/** Per window: `<window>_limit_usd`, `_usage_usd`, `_remaining_usd`, `_window_resets_at`. */
const WINDOW_STATE = Object.fromEntries(
  WINDOWS.flatMap((w) => [
    [`${w}_limit_usd`, { ...NULLABLE_AMOUNT, description: 'null = unlimited, "0" = disabled' }],
    [`${w}_usage_usd`, { ...AMOUNT, description: 'Usage in the current window (0 once it expired).' }],
    [
      `${w}_remaining_usd`,
      { ...NULLABLE_AMOUNT, description: 'limit - usage - held, never below 0; null when unlimited' },
    ],
    [
      `${w}_window_resets_at`,
      {
        ...NULLABLE_INSTANT,
        description:
          w === 'monthly' ? 'null for a rolling month whose window has not been opened by a charge yet' : undefined,
      },
    ],
  ]),
);

/** A hold, as a check that reserved it and a release answer it. */
export const HOLD = {
  type: 'object',
  properties: {
    id: { type: 'integer', example: 7 },
    request_id: { type: 'string', example: 'req_01J9ZK3V6Q2' },
    user_id: { type: 'integer', example: 42 },
    platform: PLATFORM,
    amount_usd: { ...AMOUNT, example: '0.5', description: 'The amount held (rounded to 10 fraction digits).' },
    state: {
      type: 'string',
      enum: [...HOLD_STATES],
      description:
        'held: counts as used until expires_at; settled: its charge was recorded; released: released; expired: ' +
        'it stopped counting at expires_at unsettled (a charge sent later still records).',
    },
    created_at: INSTANT,
    expires_at: INSTANT,
    duplicate: {
      type: 'boolean',
      description: 'True when this request id had been reserved (or, for a release, released) before this call.',
    },
  },
  required: ['id', 'request_id', 'user_id', 'platform', 'amount_usd', 'state', 'created_at', 'expires_at', 'duplicate'],
  additionalProperties: false,
} as const;

export const CHECK_RESPONSE = {
  type: 'object',
  properties: {
    allowed: { type: 'boolean', description: 'False when a window is exhausted (the endpoint then answers 429).' },
    user_id: { type: 'integer', example: 42 },
    platform: PLATFORM,
    held_usd: {
      ...AMOUNT,
      example: '1.5',
      description:
        'What the live holds of (user, platform) keep (a granted hold included): counted as used in every window, ' +
        'so each remaining amount is limit - usage - held.',
    },
    ...WINDOW_STATE,
    hold: { ...HOLD, description: 'The hold reserved, when the check asked for one (hold_usd).' },
  },
  required: ['allowed', 'user_id', 'platform', 'held_usd', ...Object.keys(WINDOW_STATE)],
  additionalProperties: false,
} as const;

export const CHARGE_RESPONSE = {
  type: 'object',
  properties: {
    request_id: { type: 'string', example: 'req_01J9ZK3V6Q2' },
    user_id: { type: 'integer', example: 42 },
    platform: PLATFORM,
    cost_usd: { ...AMOUNT, example: '0.0125', description: 'The cost as recorded (rounded to 10 fraction digits).' },
    duplicate: {
      type: 'boolean',
      description: 'True when this request id had been charged before: nothing was added this time.',
    },
    charged_at: INSTANT,
    daily_usage_usd: { ...AMOUNT, example: '3.2125', description: 'Usage right after this charge.' },
    weekly_usage_usd: { ...AMOUNT, example: '10.0125' },
    monthly_usage_usd: { ...AMOUNT, example: '41.5' },
    daily_window_start: INSTANT,
    weekly_window_start: INSTANT,
    monthly_window_start: INSTANT,
    exhausted_windows: {
      type: 'array',
      items: { type: 'string', enum: [...WINDOWS] },
      example: [],
      description: 'Windows now at or over their limit.',
    },
  },
  required: [
    'request_id',
    'user_id',
    'platform',
    'cost_usd',
    'duplicate',
    'charged_at',
    'daily_usage_usd',
    'weekly_usage_usd',
    'monthly_usage_usd',
    'daily_window_start',
    'weekly_window_start',
    'monthly_window_start',
    'exhausted_windows',
  ],
  additionalProperties: false,
} as const;

export const CHARGE_ITEM_RESULT = {
  type: 'object',
  properties: {
    ok: { type: 'boolean', description: 'Whether this charge was recorded (or had been, for a duplicate).' },
    charge: CHARGE_RESPONSE,
    error: ERROR_BODY_SCHEMA,
  },
  required: ['ok'],
  additionalProperties: false,
} as const;

export const CHARGE_BATCH_RESPONSE = {
  type: 'object',
  properties: {
    results: {
      type: 'array',
      items: CHARGE_ITEM_RESULT,
      description: 'One entry per submitted charge, in order: { ok: true, charge } or { ok: false, error }.',
    },
  },
  required: ['results'],
  additionalProperties: false,
} as const;

/** The shapes under their names in the OpenAPI document. */
export const BILLING_SCHEMAS = {
  CheckRequestDto: CHECK_REQUEST,
  ReleaseRequestDto: RELEASE_REQUEST,
  HoldDto: HOLD,
  ChargeRequestDto: CHARGE_REQUEST,
  ChargeBatchRequestDto: CHARGE_BATCH_REQUEST,
  CheckResponseDto: CHECK_RESPONSE,
  ChargeResponseDto: CHARGE_RESPONSE,
  ChargeItemResultDto: CHARGE_ITEM_RESULT,
  ChargeBatchResponseDto: CHARGE_BATCH_RESPONSE,
};
