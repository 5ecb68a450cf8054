import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import type { Role } from '../common/domain.constants.js';
import { ErrorBodyDto } from '../http/error-body.dto.js';
import { AuthGuard, type AuthenticatedRequest, type AuthUser, ROLES_KEY } from './auth.guard.js';

export const USER_TOKEN_SCHEME = 'user-token';

/** Any signed-in user; with roles, only those. Documents the scheme and the 401/403/503 answers. */
export function Authenticated(...roles: Role[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...(roles.length > 0
      ? [
          SetMetadata(ROLES_KEY, roles),
          ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: another role is needed.' }),
        ]
      : []),
    UseGuards(AuthGuard),
    ApiBearerAuth(USER_TOKEN_SCHEME),
    ApiUnauthorizedResponse({
      type: ErrorBodyDto,
      description:
        'UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user.',
    }),
    ApiServiceUnavailableResponse({
      type: ErrorBodyDto,
      description: 'NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE.',
    }),
  );
}

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
