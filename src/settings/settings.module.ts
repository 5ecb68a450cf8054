import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module.js';
import { SettingsService } from './settings.service.js';

/** The configuration layer: defaults documents per system and auth source. */
@Module({
  imports: [AuditModule],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
