import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module.js';
import { QuotaModule } from '../quota/quota.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersService } from './users.service.js';

/** Users and registration; other modules register users through the exported UsersService. */
@Module({
  imports: [AuditModule, QuotaModule, SettingsModule],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
