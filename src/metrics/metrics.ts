/**
 * The service's Prometheus metrics, in a registry of its own per app (tests build many apps in
 * one process; prom-client's global registry would refuse a second set): HTTP requests by route
 * pattern, charges by platform and outcome, check refusals, group-commit batches, queue depth,
 * database pools, and the process's defaults (CPU, memory, event-loop lag, GC). No label ever
 * holds a user id, request id or URL: every label has a few fixed values.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { PLATFORMS, WINDOWS } from '../common/domain.constants.js';

export const CHARGE_OUTCOMES = ['recorded', 'duplicate', 'refused-input', 'unavailable', 'error'] as const;
export type ChargeOutcome = (typeof CHARGE_OUTCOMES)[number];
export const HOLD_OUTCOMES = ['granted', 'refused', 'settled', 'released', 'expired'] as const;
export type HoldOutcome = (typeof HOLD_OUTCOMES)[number];
export type BatchKind = 'charge' | 'check' | 'reserve' | 'release';

/** A connection pool as node-postgres counts it. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its response being written, by route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  private readonly charges = new Counter({
    name: 'quota_charges_total',
    help: 'Charges answered, by platform and outcome (refused-input: 4xx; unavailable: 503, to be retried).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly refusals = new Counter({
    name: 'quota_check_refusals_total',
    help: 'Checks refused because a window is exhausted, by platform and window.',
    labelNames: ['platform', 'window'] as const,
    registers: [this.registry],
  });

  private readonly holds = new Counter({
    name: 'quota_holds_total',
    help:
      'Holds by platform and outcome: granted and refused by checks with hold_usd, settled by charges, released, ' +
      'and found expired unsettled by the cleanup.',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly batchSize = new Histogram({
    name: 'quota_batch_size',
    help: 'Items per group-commit batch (one SQL statement), by kind.',
    labelNames: ['kind'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [this.registry],
  });

  private readonly batchDuration = new Histogram({
    name: 'quota_batch_duration_seconds',
    help: 'Time a group-commit batch took in the database, retries included, by kind.',
    labelNames: ['kind'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  private readonly queues = new Map<BatchKind, () => number>();
  private readonly pools = new Map<string, () => PoolCounts>();

  private readonly queueDepth = new Gauge({
    name: 'quota_queue_depth',
    help: 'Items waiting for a group-commit batch (not those in flight), by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [kind, depth] of this.queues) this.queueDepth.labels(kind).set(depth());
    },
  });

  private readonly poolConnections = new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections by pool (app: everything but billing; billing: the hot path) and state.',
    labelNames: ['pool', 'state'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [pool, read] of this.pools) {
        const { totalCount, idleCount, waitingCount } = read();
        this.poolConnections.labels(pool, 'in_use').set(totalCount - idleCount);
        this.poolConnections.labels(pool, 'idle').set(idleCount);
        this.poolConnections.labels(pool, 'waiting').set(waitingCount);
      }
    },
  });

  /** Per platform and outcome: the counter's children, made once (labels() hashes on every call). */
  private readonly chargeCounters = new Map<string, Counter.Internal>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const platform of [...PLATFORMS, 'invalid']) {
      for (const outcome of CHARGE_OUTCOMES) {
        this.chargeCounters.set(`${platform}:${outcome}`, this.charges.labels(platform, outcome));
      }
    }
    for (const platform of PLATFORMS) for (const window of WINDOWS) this.refusals.labels(platform, window);
    for (const platform of PLATFORMS) for (const outcome of HOLD_OUTCOMES) this.holds.labels(platform, outcome);
  }

  /** Times every request from a Fastify hook; must be registered before the routes are. */
  observeRequests(fastify: FastifyInstance): void {
    // One child per (method, route, status class), found by a plain key (labels() hashes its object).
    const children = new Map<string, Histogram.Internal<string>>();
    fastify.addHook('onResponse', (request, reply, done) => {
      // The route pattern ("/api/v1/admin/users/:id"); never the URL itself.
      const route = request.routeOptions.url ?? 'unmatched';
      const statusClass = `${Math.floor(reply.statusCode / 100)}xx`;
      const key = `${request.method} ${route} ${statusClass}`;
      let child = children.get(key);
      if (!child) {
        child = this.requests.labels(request.method, route, statusClass);
        children.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
      done();
    });
  }

  /** One charge answered; `platform` is what the caller sent, counted as "invalid" unless it is one. */
  chargeAnswered(platform: string, outcome: ChargeOutcome): void {
    (this.chargeCounters.get(`${platform}:${outcome}`) ?? this.chargeCounters.get(`invalid:${outcome}`)!).inc();
  }

  checkRefused(platform: string, window: string): void {
    this.refusals.labels(platform, window).inc();
  }

  holdsCounted(platform: string, outcome: HoldOutcome, count = 1): void {
    this.holds.labels(platform, outcome).inc(count);
  }

  batchDone(kind: BatchKind, size: number, seconds: number): void {
    this.batchSize.labels(kind).observe(size);
    this.batchDuration.labels(kind).observe(seconds);
  }

  /** Reports how many items wait for a batch, read at each scrape. */
  watchQueue(kind: BatchKind, depth: () => number): void {
    this.queues.set(kind, depth);
  }

  /** Reports a connection pool's connections in use, idle and the callers waiting for one. */
  watchPool(pool: string, counts: () => PoolCounts): void {
    this.pools.set(pool, counts);
  }
}
