import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AdminAuditLog } from './admin-audit-log.entity.js';
import { AuditService } from './audit.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AdminAuditLog])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
