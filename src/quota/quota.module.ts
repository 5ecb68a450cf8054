import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '../audit/audit.module.js';
import { AppConfig } from '../config/app-config.js';
import { QuotaStore } from './quota-store.js';
import { QuotaService } from './quota.service.js';
import { UserPlatformQuota } from './user-platform-quota.entity.js';
import { QuotaWindows } from './windows.js';

/** The runtime layer: the shared entity, window arithmetic, the hot-path SQL, per-user rows. */
@Module({
  imports: [TypeOrmModule.forFeature([UserPlatformQuota]), AuditModule],
  providers: [
    { provide: QuotaWindows, useFactory: (config: AppConfig) => new QuotaWindows(config.quota), inject: [AppConfig] },
    QuotaStore,
    QuotaService,
  ],
  exports: [TypeOrmModule, QuotaWindows, QuotaStore, QuotaService],
})
export class QuotaModule {}
