import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

import { MetricsController } from './metrics.controller.js';
import { Metrics, type PoolCounts } from './metrics.js';

/** Metrics for every module that records some, and GET /metrics. */
@Global()
@Module({
  providers: [
    Metrics,
    {
      // The app's pool (everything but the billing hot path, which reports its own).
      provide: 'APP_POOL_METRICS',
      inject: [Metrics, DataSource],
      useFactory: (metrics: Metrics, dataSource: DataSource) =>
        metrics.watchPool('app', () => (dataSource.driver as PostgresDriver).master as PoolCounts),
    },
  ],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
