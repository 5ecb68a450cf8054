/**
 * An API route that takes no query refuses one, as a route with a query DTO refuses a parameter
 * it does not name: `?dry_run=true` sent to a route that has no such thing is an error the
 * caller sees, not a request carried out as if the parameter had been heard.
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

import { DomainError } from '../common/domain-error.js';

/** Whether a handler reads the query (`@Query()`), from the metadata its parameter decorators left. */
function readsQuery(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.QUERY));
}

@Injectable()
export class RefuseUnknownQuery implements NestInterceptor {
  private readonly takesQuery = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const names = Object.keys((request.query ?? {}) as object);
    if (names.length > 0 && request.url.startsWith('/api/')) {
      const handler = context.getHandler();
      let takes = this.takesQuery.get(handler);
      if (takes === undefined) this.takesQuery.set(handler, (takes = readsQuery(context)));
      if (!takes) {
        throw DomainError.validation(
          names.map((name) => ({ field: name, message: `property ${name} should not exist` })),
        );
      }
    }
    return next.handle();
  }
}
