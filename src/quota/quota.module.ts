import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from '../config/app-config.js';
import { QuotaStore } from './quota-store.js';
import { UserPlatformQuota } from './user-platform-quota.entity.js';
import { QuotaWindows } from './windows.js';

/** The runtime layer: the shared entity, window arithmetic and the hot-path SQL. */
@Module({
  imports: [TypeOrmModule.forFeature([UserPlatformQuota])],
  providers: [
    { provide: QuotaWindows, useFactory: (config: AppConfig) => new QuotaWindows(config.quota), inject: [AppConfig] },
    QuotaStore,
  ],
  exports: [TypeOrmModule, QuotaWindows, QuotaStore],
})
export class QuotaModule {}
