/**
 * The load a gateway puts on the service, as the fault suite plays it: workers on keep-alive
 * connections (node:http Agents), each charging one upstream call after another (optionally
 * checking first), and retrying a charge with the same request id until it is acknowledged: on a
 * 503 or a broken connection it avoids that instance for Retry-After seconds and tries another (or
 * waits). Every call is recorded with its status, code, headers and time, for the scenarios to
 * check against what the README promises.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

import { SERVICE_TOKEN, sleep } from './service.js';

export const BILLING = '/api/v1/internal/billing';

export type CallKind = 'check' | 'charge' | 'admin' | 'ready';

export interface Call {
  kind: CallKind;
  target: string;
  /** performance.now() when it was sent. */
  sentAt: number;
  /** How long until the answer (or the failure) came. */
  ms: number;
  status?: number;
  code?: string;
  retryAfter?: string;
  connection?: string;
  /** A transport failure instead of an answer (ECONNRESET, ECONNREFUSED, timeout...). */
  error?: string;
  /** A charge answered as a repeat of one recorded before. */
  duplicate?: boolean;
}

export interface Charge {
  requestId: string;
  userId: number;
  platform: string;
  /** A decimal string with 10 fraction digits, as the ledger stores it. */
  costUsd: string;
}

export interface Target {
  name: string;
  port: number;
  agent: Agent;
}

/** The body an answer carried, parsed. */
type Body = Record<string, unknown> | undefined;

/** One HTTP exchange over `agent`; never throws: a failure is recorded in the call. */
export function send(
  target: Target,
  kind: CallKind,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ call: Call; body: Body }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const sentAt = performance.now();
  const call: Call = { kind, target: target.name, sentAt, ms: 0 };
  return new Promise((done) => {
    const finish = (body: Body) => {
      call.ms = performance.now() - sentAt;
      done({ call, body });
    };
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method,
        path,
        agent: target.agent,
        timeout: options.timeoutMs ?? 30_000,
        headers: {
          ...(payload !== undefined && {
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(payload)),
          }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error: NodeJS.ErrnoException) => {
          call.error = error.code ?? error.message;
          finish(undefined);
        });
        res.on('end', () => {
          call.status = res.statusCode;
          call.retryAfter = res.headers['retry-after'];
          call.connection = res.headers.connection;
          let body: Body;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString()) as Body;
          } catch {
            body = undefined;
          }
          if (typeof body?.code === 'string') call.code = body.code;
          if (body?.duplicate === true) call.duplicate = true;
          finish(body);
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      call.error = error.code ?? error.message;
      finish(undefined);
    });
    req.end(payload);
  });
}

export function target(name: string, port: number): Target {
  return { name, port, agent: new Agent({ keepAlive: true, maxSockets: Infinity }) };
}

export interface GatewayOptions {
  /** Prefix of the request ids, unique per run. */
  tag: string;
  workers: number;
  /** The users charged, at random. */
  users: number[];
  platforms?: string[];
  /** Check before each charge, and skip the charge when the check answers 429. */
  checkFirst?: boolean;
}

export class Gateway {
  readonly calls: Call[] = [];
  /** Every charge sent at least once, by request id. */
  readonly sent = new Map<string, Charge>();
  /** The charges answered 200, by request id. */
  readonly acknowledged = new Map<string, Charge>();
  private readonly targets: Target[];
  private readonly workers: Promise<void>[] = [];
  private stopping = false;
  private deadline = Infinity;
  private sequence = 0;

  constructor(
    targets: { name: string; port: number }[],
    private readonly options: GatewayOptions,
  ) {
    this.targets = targets.map((t) => target(t.name, t.port));
  }

  /** Sends to another instance from now on (a replacement for one that went away). */
  addTarget(name: string, port: number): void {
    this.targets.push(target(name, port));
  }

  start(): this {
    for (let i = 0; i < this.options.workers; i++) this.workers.push(this.work(i));
    return this;
  }

  /**
   * Takes no new charge; waits until each worker's charge in hand is acknowledged, for at most
   * `deadlineMs` (those still unacknowledged then stay so), and closes the connections.
   */
  async stop(deadlineMs = 30_000): Promise<void> {
    this.stopping = true;
    this.deadline = performance.now() + deadlineMs;
    await Promise.all(this.workers);
    for (const t of this.targets) t.agent.destroy();
  }

  /** Charges sent but never acknowledged (the gateway gave up on them at `stop`). */
  get unacknowledged(): Charge[] {
    return [...this.sent.values()].filter((c) => !this.acknowledged.has(c.requestId));
  }

  private async work(worker: number): Promise<void> {
    // This worker's view of the instances: which to avoid until when (Retry-After).
    const avoid = new Map<string, number>();
    let turn = worker;
    const platforms = this.options.platforms ?? ['openai', 'anthropic'];
    while (!this.stopping) {
      const charge: Charge = {
        requestId: `${this.options.tag}-${worker}-${++this.sequence}`,
        userId: this.options.users[Math.floor(Math.random() * this.options.users.length)],
        platform: platforms[Math.floor(Math.random() * platforms.length)],
        costUsd: (Math.random() / 10).toFixed(10),
      };
      if (this.options.checkFirst) {
        const check = { user_id: charge.userId, platform: charge.platform };
        const answer = await this.untilAnswered('check', check, avoid, () => turn++, [200, 429]);
        if (answer !== 200) continue;
      }
      this.sent.set(charge.requestId, charge);
      const body = {
        user_id: charge.userId,
        platform: charge.platform,
        cost_usd: charge.costUsd,
        request_id: charge.requestId,
      };
      if ((await this.untilAnswered('charge', body, avoid, () => turn++, [200])) === 200) {
        this.acknowledged.set(charge.requestId, charge);
      }
    }
  }

  /**
   * Sends `body` until it gets one of the `final` statuses (returned) or another status that a
   * retry will not change (returned: the scenario's checks report it), retrying 503s and broken
   * connections elsewhere or later. Undefined when the gateway stopped waiting.
   */
  private async untilAnswered(
    kind: 'check' | 'charge',
    body: object,
    avoid: Map<string, number>,
    nextTurn: () => number,
    final: number[],
  ): Promise<number | undefined> {
    for (;;) {
      const now = performance.now();
      if (this.stopping && now > this.deadline) return undefined;
      const open = this.targets.filter((t) => (avoid.get(t.name) ?? 0) <= now);
      if (open.length === 0) {
        const soonest = Math.min(...this.targets.map((t) => avoid.get(t.name) ?? 0));
        await sleep(Math.max(1, soonest - now));
        continue;
      }
      const chosen = open[nextTurn() % open.length];
      const { call } = await send(chosen, kind, 'POST', `${BILLING}/${kind}`, {
        body,
        headers: { Authorization: `Bearer ${SERVICE_TOKEN}` },
      });
      this.calls.push(call);
      if (call.status !== undefined && final.includes(call.status)) return call.status;
      if (call.status !== undefined && call.status !== 503) return call.status;
      // 503 or no answer: this instance is out for Retry-After seconds (1 when it said nothing).
      const seconds = Number(call.retryAfter ?? '1');
      avoid.set(chosen.name, performance.now() + 1000 * (Number.isFinite(seconds) ? seconds : 1));
    }
  }
}

/** Calls grouped as `200`, `503 DATABASE_UNAVAILABLE`, `error ECONNRESET`..., with their counts. */
export function tally(calls: Call[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const key = call.error ? `error ${call.error}` : `${call.status}${call.status === 200 ? '' : ` ${call.code}`}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The calls that break the documented contract: an answer other than 200, 429 (checks only) or 503 with Retry-After. */
export function undocumented(calls: Call[]): Call[] {
  return calls.filter((call) => {
    if (call.error !== undefined) return false;
    if (call.status === 200) return false;
    if (call.status === 429) return call.kind !== 'check' || !isSeconds(call.retryAfter);
    if (call.status === 503) return !isSeconds(call.retryAfter) || !RETRYABLE.includes(call.code ?? '');
    return true;
  });
}

/** The 503 codes a caller may see under faults; each comes with Retry-After. */
const RETRYABLE = ['DATABASE_UNAVAILABLE', 'OVERLOADED', 'SHUTTING_DOWN'];

function isSeconds(value: string | undefined): boolean {
  return value !== undefined && /^[1-9]\d*$/.test(value);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (ms: number) => Math.round(ms);

/**
 * GETs `path` on one instance over a keep-alive connection of its own, one call after another
 * (`intervalMs` apart), until stopped: a load balancer's readiness probe, or an admin's page.
 */
export function poll(
  on: { name: string; port: number },
  kind: CallKind,
  path: string,
  options: { intervalMs?: number; headers?: Record<string, string> } = {},
): { calls: Call[]; stop(): Promise<void> } {
  const to = target(on.name, on.port);
  const calls: Call[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const { call } = await send(to, kind, 'GET', path, { headers: options.headers });
      calls.push(call);
      await sleep(options.intervalMs ?? 20);
    }
  })();
  return {
    calls,
    async stop() {
      stopping = true;
      await loop;
      to.agent.destroy();
    },
  };
}

/** What an answer read off a raw socket says: status, lower-cased headers, the body's code. */
export interface RawAnswer {
  status?: number;
  headers: Record<string, string>;
  code?: string;
}

/**
 * A GET whose head is sent in two parts on a connection of its own: between `open` and
 * `finish`, the connection carries a request the server has begun to read, so it is not idle
 * (a keep-alive connection whose next request arrives while the server is stopping).
 */
export async function splitRequest(port: number, path: string): Promise<{ finish(): Promise<RawAnswer> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((done, fail) => {
    socket.once('connect', done);
    socket.once('error', fail);
  });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((done) => socket.once('close', () => done()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  return {
    async finish() {
      socket.write('Connection: keep-alive\r\n\r\n');
      // The server closes the connection after the answer (it must say Connection: close).
      await Promise.race([closed, sleep(5000)]);
      socket.destroy();
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
      let code: string | undefined;
      try {
        code = (JSON.parse(body) as { code?: string }).code;
      } catch {
        code = undefined;
      }
      return { status: status === undefined ? undefined : Number(status), headers, code };
    },
  };
}

/** One line of figures per scenario in the test output, for the record. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  console.log(`${scenario}: ${JSON.stringify(figures)}`);
}

/** The latest moment (performance.now()) at which one of `calls` was answered or failed. */
export function lastAt(calls: Call[]): number {
  return Math.max(...calls.map((c) => c.sentAt + c.ms));
}
