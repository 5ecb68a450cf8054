import { Body, Controller, HttpCode, Logger, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { SERVICE_TOKEN_SCHEME, ServiceTokenGuard } from '../auth/service-token.guard.js';
import { DomainError, errorBody, ErrorBody } from '../common/domain-error.js';
import { ErrorBodyDto } from '../common/error-body.dto.js';
import { validateItem } from '../common/validation.js';
import {
  ChargeBatchRequestDto,
  ChargeBatchResponseDto,
  ChargeItemResultDto,
  ChargeRequestDto,
  ChargeResponseDto,
  CheckRequestDto,
  CheckResponseDto,
  toChargeResponse,
  toCheckResponse,
} from './billing.dto.js';
import { BillingService } from './billing.service.js';

/** For gateways in other processes: the check before an upstream call and the charge after it. */
@ApiTags('internal billing')
@ApiBearerAuth(SERVICE_TOKEN_SCHEME)
@ApiExtraModels(ChargeItemResultDto)
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

  constructor(private readonly billing: BillingService) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'May this user spend on this platform now?',
    description:
      '200 with each window’s limit, usage, remaining amount and reset time when allowed. 429 when a window is ' +
      'exhausted (`usage >= limit`; a limit of 0 always refuses), naming the first one in the order daily, weekly, ' +
      'monthly, with `Retry-After` in seconds until it resets (60 when unknown).',
  })
  @ApiOkResponse({ type: CheckResponseDto })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    headers: {
      'Retry-After': { description: 'Seconds until the exhausted window resets', schema: { type: 'integer' } },
    },
    description:
      'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED (or WEEKLY, MONTHLY); details: platform, window, limit_usd, usage_usd, resets_at.',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND' })
  async check(@Body() body: CheckRequestDto): Promise<CheckResponseDto> {
    return toCheckResponse(await this.billing.assertAllowed(body.user_id, body.platform));
  }

  @Post('charge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record what an upstream call cost',
    description:
      'Adds the cost to the daily, weekly and monthly usage of (user, platform), restarting expired windows, whether ' +
      'or not the user has limits there. Idempotent by request_id. Charges are never refused for quota: the call ' +
      'has already been made.',
  })
  @ApiOkResponse({ type: ChargeResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'IDEMPOTENCY_KEY_REUSED: the request_id was used for a different charge.',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'USAGE_OUT_OF_RANGE: the usage after this charge would not fit DECIMAL(20,10).',
  })
  async charge(@Body() body: ChargeRequestDto): Promise<ChargeResponseDto> {
    return toChargeResponse(await this.billing.charge(fromDto(body)));
  }

  @Post('charges')
  @HttpCode(200)
  @ApiHeader({ name: 'Content-Type', description: 'application/json; up to 1,000 charges (2 MB)' })
  @ApiOperation({
    summary: 'Record up to 1,000 charges at once',
    description:
      'Each charge is validated and recorded on its own: the answer has one entry per charge, in order, either ' +
      '`{ ok: true, charge }` or `{ ok: false, error }` with the error body a single charge would have received.',
  })
  @ApiOkResponse({ type: ChargeBatchResponseDto })
  async charges(@Body() body: ChargeBatchRequestDto): Promise<ChargeBatchResponseDto> {
    const results = await Promise.all(
      body.charges.map(async (raw, i): Promise<ChargeItemResultDto> => {
        const item = validateItem(ChargeRequestDto, raw, `charges.${i}`);
        if (Array.isArray(item)) return { ok: false, error: errorBody(DomainError.validation(item)) };
        try {
          return { ok: true, charge: toChargeResponse(await this.billing.charge(fromDto(item))) };
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

function fromDto(body: ChargeRequestDto) {
  return { userId: body.user_id, platform: body.platform, costUsd: body.cost_usd, requestId: body.request_id };
}
