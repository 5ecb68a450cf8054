import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module.js';
import { QuotaModule } from '../quota/quota.module.js';
import { UserQuotaController } from './user-quota.controller.js';

/** The signed-in user's HTTP API (`/api/v1/user/...`): their own data only. */
@Module({
  imports: [AuthModule, QuotaModule],
  controllers: [UserQuotaController],
})
export class MeModule {}
