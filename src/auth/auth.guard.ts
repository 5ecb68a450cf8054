import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { IsNull, Repository } from 'typeorm';

import type { Role } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { User } from '../users/user.entity.js';
import { TokenService } from './token.service.js';

export const ROLES_KEY = 'roles';

/** Who is calling, as the database says now (not as the token said when it was minted). */
export interface AuthUser {
  id: number;
  email: string;
  role: Role;
}

export type AuthenticatedRequest = FastifyRequest & { user: AuthUser };

/**
 * `Authorization: Bearer <JWT>`: the token must be valid and unexpired, and its user must exist and
 * not be deleted; the role comes from the database on every request, so a demoted admin loses
 * access at once. With `@Roles(...)` on the handler or controller, other roles get 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    this.tokens.assertConfigured();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token: send Authorization: Bearer <token>.');
    const userId = await this.tokens.verify(match[1]);
    const user = await this.users.findOne({
      where: { id: userId, deletedAt: IsNull() },
      select: { id: true, email: true, role: true },
    });
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The user of this token no longer exists.');
    request.user = { id: user.id, email: user.email, role: user.role };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This needs the ${roles.join(' or ')} role.`);
    }
    return true;
  }
}
