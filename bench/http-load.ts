/**
 * HTTP load against the internal billing API (or GET /healthz, the floor of the HTTP stack), run as
 * its own process so the load generator does not share the service's event loop. Prints one JSON
 * line: requests/s, p50, p99, errors.
 * Usage: node http-load.js <base-url> <check|charge|healthz> <seconds> <connections> <users> <token>
 */
import autocannon from 'autocannon';

const [baseUrl, kind, seconds, connections, users, token] = process.argv.slice(2);
const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'];
let sequence = 0;

const result = await autocannon({
  url: kind === 'healthz' ? `${baseUrl}/healthz` : `${baseUrl}/api/v1/internal/billing/${kind}`,
  method: kind === 'healthz' ? 'GET' : 'POST',
  duration: Number(seconds),
  connections: Number(connections),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  requests: [
    kind === 'healthz'
      ? {}
      : {
          setupRequest: (request) => {
            const userId = 1 + Math.floor(Math.random() * Number(users));
            const platform = PLATFORMS[Math.floor(Math.random() * PLATFORMS.length)];
            const body =
              kind === 'charge'
                ? {
                    user_id: userId,
                    platform,
                    cost_usd: '0.0001234567',
                    request_id: `http-${process.pid}-${++sequence}`,
                  }
                : { user_id: userId, platform };
            return { ...request, body: JSON.stringify(body) };
          },
        },
  ],
});

console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  }),
);
