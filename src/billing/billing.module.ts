import { Module } from '@nestjs/common';

import { QuotaModule } from '../quota/quota.module.js';
import { BillingInternalController } from './billing-internal.controller.js';
import { BillingService } from './billing.service.js';

/** The hot path. Other Nest modules inject BillingService; other processes use the internal API. */
@Module({
  imports: [QuotaModule],
  providers: [BillingService],
  controllers: [BillingInternalController],
  exports: [BillingService],
})
export class BillingModule {}
