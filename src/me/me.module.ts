import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module.js';
import { BillingModule } from '../billing/billing.module.js';
import { QuotaModule } from '../quota/quota.module.js';
import { MeController } from './me.controller.js';
import { UserQuotaController } from './user-quota.controller.js';

/** The signed-in user's HTTP API (`/api/v1/user/...`, `/api/v1/meta`): their own data only. */
@Module({
  imports: [AuthModule, BillingModule, QuotaModule],
  controllers: [MeController, UserQuotaController],
})
export class MeModule {}
