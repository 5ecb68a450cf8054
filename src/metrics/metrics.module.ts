import { Global, Module } from '@nestjs/common';

import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** Metrics for every module that records some, and GET /metrics. */
@Global()
@Module({ providers: [Metrics], controllers: [MetricsController], exports: [Metrics] })
export class MetricsModule {}
