import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { DomainError } from './domain-error.js';

/**
 * The API speaks JSON only: a request that carries a body in any other content type is refused
 * with 415 instead of reaching a handler as an empty body.
 */
@Injectable()
export class RequireJsonMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Request bodies must be JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'untyped'}.`,
      );
    }
    next();
  }
}
