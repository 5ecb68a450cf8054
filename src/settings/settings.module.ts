import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '../audit/audit.module.js';
import { Setting } from './setting.entity.js';
import { SettingsService } from './settings.service.js';

/** The configuration layer: defaults documents per system and auth source. */
@Module({
  imports: [TypeOrmModule.forFeature([Setting]), AuditModule],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
