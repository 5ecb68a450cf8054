import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { User } from '../users/user.entity.js';
import { AuthGuard } from './auth.guard.js';
import { ServiceTokenGuard } from './service-token.guard.js';
import { TokenService } from './token.service.js';

/** Guards for the two kinds of callers: users and admins (JWT), gateways (service token). */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [TokenService, AuthGuard, ServiceTokenGuard],
  exports: [TokenService, AuthGuard, ServiceTokenGuard, TypeOrmModule],
})
export class AuthModule {}
