import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module.js';
import { QuotaModule } from '../quota/quota.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountsService } from './accounts.service.js';
import { BulkService } from './bulk.service.js';

/**
 * Users with their quota rows: registration applying the defaults, deletion, re-applying the
 * defaults. Other modules register users (self-registration) through the exported AccountsService.
 */
@Module({
  imports: [AuditModule, QuotaModule, SettingsModule, UsersModule],
  providers: [AccountsService, BulkService],
  exports: [AccountsService, BulkService],
})
export class AccountsModule {}
