import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';

export const SERVICE_TOKEN_SCHEME = 'service-token';

/**
 * Guards the internal endpoints gateways call: `Authorization: Bearer <BILLING_SERVICE_TOKEN>`,
 * compared in constant time. Without a configured token the endpoints are off (503).
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    const token = config.billing.serviceToken;
    this.expected = token === undefined ? undefined : digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      throw new DomainError(
        'NOT_CONFIGURED',
        'The internal billing endpoints are disabled: set BILLING_SERVICE_TOKEN to enable them.',
      );
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = header ? /^Bearer (.+)$/i.exec(header) : null;
    if (!match) {
      throw new DomainError('UNAUTHENTICATED', 'Missing service token: send Authorization: Bearer <token>.');
    }
    // Equal-length digests, so the comparison takes the same time whatever the token.
    if (!timingSafeEqual(digest(match[1]), this.expected)) {
      throw new DomainError('UNAUTHENTICATED', 'Invalid service token.');
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
