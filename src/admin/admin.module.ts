import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { BillingModule } from '../billing/billing.module.js';
import { QuotaModule } from '../quota/quota.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuditAdminController } from './audit-admin.controller.js';
import { BulkAdminController } from './bulk-admin.controller.js';
import { QuotaAdminController } from './quota-admin.controller.js';
import { SettingsAdminController } from './settings-admin.controller.js';
import { UsersAdminController } from './users-admin.controller.js';

/** The admin HTTP API: controllers only, over the domain modules. */
@Module({
  imports: [AuthModule, AccountsModule, BillingModule, AuditModule, QuotaModule, SettingsModule, UsersModule],
  controllers: [
    SettingsAdminController,
    UsersAdminController,
    QuotaAdminController,
    BulkAdminController,
    AuditAdminController,
  ],
})
export class AdminModule {}
