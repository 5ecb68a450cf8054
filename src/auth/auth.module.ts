import { Module } from '@nestjs/common';

import { UsersModule } from '../users/users.module.js';
import { AuthGuard } from './auth.guard.js';
import { ServiceTokenGuard } from './service-token.guard.js';
import { TokenService } from './token.service.js';

/** Guards for the two kinds of callers: users and admins (JWT), gateways (service token). */
@Module({
  imports: [UsersModule],
  providers: [TokenService, AuthGuard, ServiceTokenGuard],
  exports: [TokenService, AuthGuard, ServiceTokenGuard, UsersModule],
})
export class AuthModule {}
