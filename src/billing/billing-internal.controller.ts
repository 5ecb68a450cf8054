import { Controller, HttpCode, Logger, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { SERVICE_TOKEN_SCHEME, ServiceTokenGuard } from '../auth/service-token.guard.js';
import type { Platform } from '../common/domain.constants.js';
import { DomainError, errorBody, type ErrorBody } from '../common/domain-error.js';
import type { Money } from '../common/money.js';
import { compileValidator, SchemaRoute, ValidBody, validationError } from '../http/compiled-schema.js';
import { ErrorBodyDto } from '../http/error-body.dto.js';
import { Metrics } from '../metrics/metrics.js';
import {
  CHARGE_BATCH_REQUEST,
  CHARGE_BATCH_RESPONSE,
  CHARGE_REQUEST,
  CHARGE_RESPONSE,
  CHECK_REQUEST,
  CHECK_RESPONSE,
} from './billing.schemas.js';
import { type ChargeResponse, type CheckResponse, toChargeResponse, toCheckResponse } from './billing.responses.js';
import { BillingService } from './billing.service.js';

/** A charge as CHARGE_REQUEST has checked it: the cost is Money already. */
interface ChargeBody {
  user_id: number;
  platform: Platform;
  cost_usd: Money;
  request_id: string;
}

interface ItemResult {
  ok: boolean;
  charge?: ChargeResponse;
  error?: ErrorBody;
}

/** The batch's items are checked one by one against the charge's schema, compiled once. */
const validCharge = compileValidator(CHARGE_REQUEST);

/** The largest request to `charges`: 1,000 charges. */
const BATCH_BODY_LIMIT = 2 * 1024 * 1024;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * For gateways in other processes: the check before an upstream call and the charge after it.
 * Bodies are validated and answers serialized by schemas Fastify compiles (billing.schemas.ts).
 */
@ApiTags('internal billing')
@ApiBearerAuth(SERVICE_TOKEN_SCHEME)
@ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'Missing or wrong service token (UNAUTHENTICATED).' })
@ApiServiceUnavailableResponse({
  type: ErrorBodyDto,
  description:
    'BILLING_SERVICE_TOKEN is not set (NOT_CONFIGURED), the database is unreachable (DATABASE_UNAVAILABLE), ' +
    'more than BILLING_QUEUE_MAX requests are already waiting for it (OVERLOADED, with Retry-After: 1), or the ' +
    'service is shutting down (SHUTTING_DOWN). A charge answered 503 may be retried with the same request id.',
})
@ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid input; `details.errors` names each field.' })
@UseGuards(ServiceTokenGuard)
@Controller('api/v1/internal/billing')
export class BillingInternalController {
  private readonly logger = new Logger('Billing');

  constructor(
    private readonly billing: BillingService,
    private readonly metrics: Metrics,
  ) {}

  @Post('check')
  @HttpCode(200)
  @SchemaRoute({ body: CHECK_REQUEST, response: { 200: CHECK_RESPONSE } })
  @ApiOperation({
    summary: 'May this user spend on this platform now?',
    description:
      '200 with each window’s limit, usage, remaining amount and reset time when allowed. 429 when a window is ' +
      'exhausted (`usage >= limit`; a limit of 0 always refuses), naming the first one in the order daily, weekly, ' +
      'monthly, with `Retry-After` in seconds until it resets (60 when unknown).',
  })
  @ApiBody({ schema: ref('CheckRequestDto') })
  @ApiOkResponse({ schema: ref('CheckResponseDto') })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    headers: {
      'Retry-After': { description: 'Seconds until the exhausted window resets', schema: { type: 'integer' } },
    },
    description:
      'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED (or WEEKLY, MONTHLY); details: platform, window, limit_usd, usage_usd, resets_at.',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND' })
  async check(@ValidBody() body: { user_id: number; platform: Platform }): Promise<CheckResponse> {
    return toCheckResponse(await this.billing.assertAllowed(body.user_id, body.platform));
  }

  @Post('charge')
  @HttpCode(200)
  @SchemaRoute({ body: CHARGE_REQUEST, response: { 200: CHARGE_RESPONSE } })
  @ApiOperation({
    summary: 'Record what an upstream call cost',
    description:
      'Adds the cost to the daily, weekly and monthly usage of (user, platform), restarting expired windows, whether ' +
      'or not the user has limits there. Idempotent by request_id. Charges are never refused for quota: the call ' +
      'has already been made.',
  })
  @ApiBody({ schema: ref('ChargeRequestDto') })
  @ApiOkResponse({ schema: ref('ChargeResponseDto') })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'IDEMPOTENCY_KEY_REUSED: the request_id was used for a different charge.',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'USAGE_OUT_OF_RANGE: the usage after this charge would not fit DECIMAL(20,10).',
  })
  async charge(@Req() request: FastifyRequest): Promise<ChargeResponse> {
    if (request.validationError) {
      this.metrics.chargeAnswered(platformOf(request.body), 'refused-input');
      throw request.validationError;
    }
    return toChargeResponse(await this.billing.record(toCharge(request.body as ChargeBody)));
  }

  @Post('charges')
  @HttpCode(200)
  @SchemaRoute(
    { body: CHARGE_BATCH_REQUEST, response: { 200: CHARGE_BATCH_RESPONSE } },
    { bodyLimit: BATCH_BODY_LIMIT },
  )
  @ApiOperation({
    summary: 'Record up to 1,000 charges at once',
    description:
      'Each charge is validated and recorded on its own: the answer has one entry per charge, in order, either ' +
      '`{ ok: true, charge }` or `{ ok: false, error }` with the error body a single charge would have received. ' +
      'Up to 2 MB.',
  })
  @ApiBody({ schema: ref('ChargeBatchRequestDto') })
  @ApiOkResponse({ schema: ref('ChargeBatchResponseDto') })
  async charges(@ValidBody() body: { charges: unknown[] }): Promise<{ results: ItemResult[] }> {
    const results = await Promise.all(
      body.charges.map(async (item, i): Promise<ItemResult> => {
        if (!validCharge(item)) {
          this.metrics.chargeAnswered(platformOf(item), 'refused-input');
          return { ok: false, error: errorBody(validationError(validCharge.errors ?? [], `charges.${i}`)) };
        }
        try {
          return { ok: true, charge: toChargeResponse(await this.billing.record(toCharge(item as ChargeBody))) };
        } catch (error) {
          return { ok: false, error: this.itemError(error) };
        }
      }),
    );
    return { results };
  }

  private itemError(error: unknown): ErrorBody {
    if (error instanceof DomainError) {
      const body = errorBody(error);
      // The batch answers 200, so an item's Retry-After travels in its body.
      if (error.retryAfterSeconds !== undefined) body.retryAfterSeconds = error.retryAfterSeconds;
      return body;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return errorBody(new DomainError('INTERNAL_ERROR', 'Internal server error'));
  }
}

function toCharge(body: ChargeBody) {
  return { userId: body.user_id, platform: body.platform, costUsd: body.cost_usd, requestId: body.request_id };
}

/** The platform a refused body named, for the metrics ("invalid" unless it is one). */
function platformOf(body: unknown): string {
  const platform = (body as { platform?: unknown } | null)?.platform;
  return typeof platform === 'string' ? platform : 'invalid';
}
