import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { DomainError } from '../common/domain-error.js';
import { bearerToken, secretMatcher } from '../common/secrets.js';
import { AppConfig } from '../config/app-config.js';

export const SERVICE_TOKEN_SCHEME = 'service-token';

/**
 * Guards the internal endpoints gateways call: `Authorization: Bearer <BILLING_SERVICE_TOKEN>`,
 * compared in constant time. Without a configured token the endpoints are off (503).
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly matches?: (token: string) => boolean;

  constructor(config: AppConfig) {
    const token = config.billing.serviceToken;
    if (token !== undefined) this.matches = secretMatcher(token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.matches) {
      throw new DomainError(
        'NOT_CONFIGURED',
        'The internal billing endpoints are disabled: set BILLING_SERVICE_TOKEN to enable them.',
      );
    }
    const token = bearerToken(context.switchToHttp().getRequest<FastifyRequest>().headers.authorization);
    if (token === undefined) {
      throw new DomainError('UNAUTHENTICATED', 'Missing service token: send Authorization: Bearer <token>.');
    }
    if (!this.matches(token)) throw new DomainError('UNAUTHENTICATED', 'Invalid service token.');
    return true;
  }
}
