/** User tokens: HS256 JWTs with `sub` = user id and an expiry, signed with JWT_SECRET. */
import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';

import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';

export const DEFAULT_TOKEN_TTL = '1h';

@Injectable()
export class TokenService {
  private readonly key?: Uint8Array;

  constructor(config: AppConfig) {
    this.key = config.auth.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.auth.jwtSecret);
  }

  /** `ttl` as jose reads it: `90s`, `15m`, `1h`, `7d`. */
  async sign(userId: number, ttl: string = DEFAULT_TOKEN_TTL): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuedAt()
      .setExpirationTime(ttl)
      .sign(this.assertConfigured());
  }

  /** The user id a valid, unexpired token names; 401 for anything else. */
  async verify(token: string): Promise<number> {
    const key = this.assertConfigured();
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      subject = payload.sub;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new DomainError('UNAUTHENTICATED', 'The token has expired.');
      throw new DomainError('UNAUTHENTICATED', 'The token is not valid.');
    }
    const id = Number(subject);
    if (!/^\d+$/.test(subject ?? '') || !Number.isSafeInteger(id) || id < 1) {
      throw new DomainError('UNAUTHENTICATED', 'The token does not name a user.');
    }
    return id;
  }

  /** The signing key; 503 NOT_CONFIGURED while JWT_SECRET is unset. */
  assertConfigured(): Uint8Array {
    if (!this.key) {
      throw new DomainError(
        'NOT_CONFIGURED',
        'User authentication is disabled: set JWT_SECRET (at least 32 characters) to enable it.',
      );
    }
    return this.key;
  }
}
