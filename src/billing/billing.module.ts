import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { QuotaModule } from '../quota/quota.module.js';
import { BillingRoutes } from './billing-routes.js';
import { BillingService } from './billing.service.js';
import { BillingStore } from './billing-store.js';
import { QuotaCharge } from './quota-charge.entity.js';
import { UsageHistoryService } from './usage-history.service.js';

/** The hot path. Other Nest modules inject BillingService; other processes use its HTTP routes. */
@Module({
  imports: [TypeOrmModule.forFeature([QuotaCharge]), QuotaModule],
  providers: [BillingStore, BillingService, BillingRoutes, UsageHistoryService],
  exports: [BillingService, UsageHistoryService],
})
export class BillingModule {}
