/**
 * The internal billing endpoints gateways call around every upstream request: check (which may
 * reserve a hold), charge (which settles it), charges, release. They are routes of Fastify itself, not Nest controllers: a gateway pays for every
 * step between the socket and BillingService, and these take only the steps they need. Bodies
 * are validated and answers serialized by the schemas Fastify compiles from billing.schemas.ts
 * (the same ones the OpenAPI document shows, see billing.openapi.ts); the service token is
 * checked as the request arrives, before its body is read; errors get the service's error body.
 */
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

import type { Platform } from '../common/domain.constants.js';
import { DomainError, errorBody, type ErrorBody } from '../common/domain-error.js';
import type { Money } from '../common/money.js';
import { bearerToken, secretMatcher } from '../common/secrets.js';
import { AppConfig } from '../config/app-config.js';
import { compileValidator, validationError } from '../http/compiled-schema.js';
import { ErrorReplies } from '../http/domain-error.filter.js';
import { Metrics } from '../metrics/metrics.js';
import {
  CHARGE_BATCH_REQUEST,
  CHARGE_BATCH_RESPONSE,
  CHARGE_REQUEST,
  CHARGE_RESPONSE,
  CHECK_REQUEST,
  CHECK_RESPONSE,
  HOLD,
  RELEASE_REQUEST,
} from './billing.schemas.js';
import {
  type ChargeResponse,
  type CheckResponse,
  type HoldResponse,
  toChargeResponse,
  toCheckResponse,
  toHoldResponse,
} from './billing.responses.js';
import { BillingService, throwIfRefused } from './billing.service.js';
import type { ChargeRequest } from './billing-store.js';

export const BILLING_PATH = '/api/v1/internal/billing';

/** The largest request to `charges`: 1,000 charges. */
export const BATCH_BODY_LIMIT = 2 * 1024 * 1024;

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

/** No route here takes a query: one is refused, as on every route of the API that names none. */
const NO_QUERY = { type: 'object', additionalProperties: false } as const;

@Injectable()
export class BillingRoutes implements OnModuleInit {
  private readonly logger = new Logger('Billing');
  private readonly matches?: (token: string) => boolean;
  private readonly errors = new ErrorReplies();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly billing: BillingService,
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    const token = config.billing.serviceToken;
    if (token !== undefined) this.matches = secretMatcher(token);
  }

  onModuleInit(): void {
    // Without an HTTP server (an application context, as the CLIs build) there is nothing to serve.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const common: Pick<RouteOptions, 'method' | 'onRequest' | 'errorHandler' | 'attachValidation'> = {
      method: 'POST',
      // A callback hook, not an async one: Fastify then has no promise to wait for per request.
      onRequest: (request, _reply, done) => {
        try {
          this.authenticate(request);
        } catch (error) {
          return done(error as Error);
        }
        done();
      },
      errorHandler: (error, _request, reply) => this.errors.send(reply, error),
      // Refused bodies reach the handlers, which count them before answering 400.
      attachValidation: true,
    };
    fastify.route({
      ...common,
      url: `${BILLING_PATH}/check`,
      schema: { querystring: NO_QUERY, body: CHECK_REQUEST, response: { 200: CHECK_RESPONSE } },
      handler: (request) => this.check(request),
    });
    fastify.route({
      ...common,
      url: `${BILLING_PATH}/charge`,
      schema: { querystring: NO_QUERY, body: CHARGE_REQUEST, response: { 200: CHARGE_RESPONSE } },
      handler: (request) => this.charge(request),
    });
    fastify.route({
      ...common,
      url: `${BILLING_PATH}/release`,
      schema: { querystring: NO_QUERY, body: RELEASE_REQUEST, response: { 200: HOLD } },
      handler: (request) => this.release(request),
    });
    fastify.route({
      ...common,
      url: `${BILLING_PATH}/charges`,
      bodyLimit: BATCH_BODY_LIMIT,
      schema: { querystring: NO_QUERY, body: CHARGE_BATCH_REQUEST, response: { 200: CHARGE_BATCH_RESPONSE } },
      handler: (request) => this.charges(request),
    });
  }

  /** `Authorization: Bearer <BILLING_SERVICE_TOKEN>`, compared in constant time; 503 while it is unset. */
  private authenticate(request: FastifyRequest): void {
    if (!this.matches) {
      throw new DomainError(
        'NOT_CONFIGURED',
        'The internal billing endpoints are disabled: set BILLING_SERVICE_TOKEN to enable them.',
      );
    }
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new DomainError('UNAUTHENTICATED', 'Missing service token: send Authorization: Bearer <token>.');
    }
    if (!this.matches(token)) throw new DomainError('UNAUTHENTICATED', 'Invalid service token.');
  }

  private async check(request: FastifyRequest): Promise<CheckResponse> {
    if (request.validationError) throw request.validationError;
    const body = request.body as { user_id: number; platform: Platform; hold_usd?: Money; request_id?: string };
    if ((body.hold_usd === undefined) !== (body.request_id === undefined)) {
      const missing = body.hold_usd === undefined ? 'hold_usd' : 'request_id';
      const given = body.hold_usd === undefined ? 'request_id' : 'hold_usd';
      throw DomainError.field(missing, `${missing} is required with ${given}`);
    }
    if (body.hold_usd === undefined) {
      return toCheckResponse(throwIfRefused(await this.billing.check(body.user_id, body.platform)));
    }
    const hold = {
      userId: body.user_id,
      platform: body.platform,
      amountUsd: body.hold_usd,
      requestId: body.request_id!,
    };
    return toCheckResponse(throwIfRefused(await this.billing.reserveChecked(hold)));
  }

  private async release(request: FastifyRequest): Promise<HoldResponse> {
    if (request.validationError) throw request.validationError;
    return toHoldResponse(await this.billing.release((request.body as { request_id: string }).request_id));
  }

  private async charge(request: FastifyRequest): Promise<ChargeResponse> {
    if (request.validationError) {
      this.metrics.chargeAnswered(platformOf(request.body), 'refused-input');
      throw request.validationError;
    }
    return toChargeResponse(await this.billing.record(toCharge(request.body as ChargeBody)));
  }

  private async charges(request: FastifyRequest): Promise<{ results: ItemResult[] }> {
    if (request.validationError) throw request.validationError;
    const { charges } = request.body as { charges: unknown[] };
    const results = new Array<ItemResult>(charges.length);
    // The valid charges go to the queue together, waiting on one promise rather than one each.
    const valid: ChargeRequest[] = [];
    const positions: number[] = [];
    charges.forEach((item, i) => {
      if (validCharge(item)) {
        valid.push(toCharge(item as ChargeBody));
        positions.push(i);
        return;
      }
      this.metrics.chargeAnswered(platformOf(item), 'refused-input');
      results[i] = { ok: false, error: errorBody(validationError(validCharge.errors ?? [], `charges.${i}`)) };
    });
    const outcomes = await this.billing.recordAll(valid);
    outcomes.forEach((outcome, k) => {
      results[positions[k]] = outcome.ok
        ? { ok: true, charge: toChargeResponse(outcome.value) }
        : { ok: false, error: this.itemError(outcome.error) };
    });
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

function toCharge(body: ChargeBody): ChargeRequest {
  return { userId: body.user_id, platform: body.platform, costUsd: body.cost_usd, requestId: body.request_id };
}

/** The platform a refused body named, for the metrics ("invalid" unless it is one). */
function platformOf(body: unknown): string {
  const platform = (body as { platform?: unknown } | null)?.platform;
  return typeof platform === 'string' ? platform : 'invalid';
}
