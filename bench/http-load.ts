/**
 * HTTP load on the service (or on the bare node:http floor beside it), run as its own process so
 * the load generator does not share the service's event loop. A warm-up (200 requests per
 * connection, 3 of a batch, all answered), then it prints "measuring", runs for the given seconds
 * and prints one JSON line: operations/s (a batch request counts its charges), p50, p99, errors (a
 * batch's charges answered with an error count one by one), operations.
 * Usage: node http-load.js <base-url> <floor|healthz|check|charge|batch> <seconds> <connections> <users> <token>
 */
import autocannon from 'autocannon';

const [baseUrl, kind, seconds, connections, users, token] = process.argv.slice(2);
const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'];
/** Charges per request of the batch scenario. */
const BATCH = 200;
let sequence = 0;

const anyUser = () => 1 + Math.floor(Math.random() * Number(users));
const anyPlatform = () => PLATFORMS[Math.floor(Math.random() * PLATFORMS.length)];
const charge = () => ({
  user_id: anyUser(),
  platform: anyPlatform(),
  cost_usd: '0.0001234567',
  request_id: `http-${process.pid}-${++sequence}`,
});

const PATHS: Record<string, string> = {
  floor: '/',
  healthz: '/healthz',
  check: '/api/v1/internal/billing/check',
  charge: '/api/v1/internal/billing/charge',
  batch: '/api/v1/internal/billing/charges',
};

function body(): string {
  switch (kind) {
    case 'floor':
    case 'check':
      return JSON.stringify({ user_id: anyUser(), platform: anyPlatform() });
    case 'charge':
      return JSON.stringify(charge());
    default:
      return JSON.stringify({ charges: Array.from({ length: BATCH }, charge) });
  }
}

/** Charges of batch requests answered with an item error (the request itself answers 200), by code. */
let failedItems = new Map<string, number>();
const countFailedItems = (status: number, body: string) => {
  if (status !== 200) return;
  for (const result of (JSON.parse(body) as { results: { ok: boolean; error?: { code: string } }[] }).results) {
    if (!result.ok) failedItems.set(result.error!.code, (failedItems.get(result.error!.code) ?? 0) + 1);
  }
};

/** Runs for `duration` seconds, or until `amount` requests are answered (every one is awaited). */
function run(length: { duration: number } | { amount: number }) {
  failedItems = new Map();
  return autocannon({
    url: `${baseUrl}${PATHS[kind]}`,
    method: kind === 'healthz' ? 'GET' : 'POST',
    ...length,
    connections: Number(connections),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      kind === 'healthz'
        ? {}
        : {
            setupRequest: (request) => ({ ...request, body: body() }),
            onResponse: kind === 'batch' ? countFailedItems : undefined,
          },
    ],
  });
}

// The warm-up waits for all its answers, so that none of its requests is still in the service
// (a batch request holds 200 charges in the queue) when the measured run starts.
await run({ amount: Number(connections) * (kind === 'batch' ? 3 : 200) });
console.log('measuring');
const result = await run({ duration: Number(seconds) });
const failed = [...failedItems.values()].reduce((sum, n) => sum + n, 0);
if (failed > 0)
  console.error(`  batch charges answered with an error, by code: ${JSON.stringify(Object.fromEntries(failedItems))}`);
const perRequest = kind === 'batch' ? BATCH : 1;
console.log(
  JSON.stringify({
    opsPerSecond: result.requests.average * perRequest,
    ops: result.requests.total * perRequest,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // A refused request counts once; a batch's refused charges count one by one.
    errors: result.non2xx + result.errors + failed,
  }),
);
