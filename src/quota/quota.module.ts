import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '../audit/audit.module.js';
import { AppConfig } from '../config/app-config.js';
import { QuotaOverviewService } from './quota-overview.service.js';
import { QuotaService } from './quota.service.js';
import { UserPlatformQuota } from './user-platform-quota.entity.js';
import { QuotaWindows } from './windows.js';

/** The runtime layer: the shared entity, window arithmetic, per-user rows as admins change them. */
@Module({
  imports: [TypeOrmModule.forFeature([UserPlatformQuota]), AuditModule],
  providers: [
    { provide: QuotaWindows, useFactory: (config: AppConfig) => new QuotaWindows(config.quota), inject: [AppConfig] },
    QuotaService,
    QuotaOverviewService,
  ],
  exports: [TypeOrmModule, QuotaWindows, QuotaService, QuotaOverviewService],
})
export class QuotaModule {}
