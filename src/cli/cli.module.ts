import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import { AppConfigModule } from '../config/app-config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { MIGRATIONS } from '../migrations/index.js';

/** What the command-line tools need: configuration, the database, users and tokens; no HTTP. */
@Module({
  imports: [AppConfigModule.forRoot(), CommonModule, DatabaseModule.forRoot(MIGRATIONS), AccountsModule, AuthModule],
})
export class CliModule {}
