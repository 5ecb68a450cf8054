/**
 * The pg module the app's DataSource is given (TypeORM's `driver` option), with a pool of its own
 * making. Two things the stock pool does not do:
 *
 * - Every connection listens for errors from the moment it connects. A backend killed right after
 *   it accepted a connection reports it in the very read that completed the connection, before
 *   TypeORM has taken the connection and listened; an 'error' event nobody listens for ends the
 *   process.
 * - With a timeout, the wait for a connection counts against the first statement run on it, so
 *   that getting a connection and running a statement take the timeout at most together (as
 *   DATABASE_QUERY_TIMEOUT_MS promises), not once each.
 */
import pg from 'pg';

/** What node-postgres reads a statement's client-side timeout from; its typings do not list it. */
type Timed = pg.PoolClient & { connectionParameters: { query_timeout?: number } };

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: () => void) => void;

/** A connection's error while it is checked out is answered by the failure of its statement. */
function ignore(): void {}

export function pgDriver(timeoutMs?: number): typeof pg {
  class Pool extends pg.Pool {
    constructor(options?: pg.PoolConfig) {
      super(options);
      this.on('connect', (client) => client.on('error', ignore));
    }

    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
      const started = performance.now();
      const bound = (client: pg.PoolClient) => {
        if (timeoutMs !== undefined) limitFirstStatement(client as Timed, timeoutMs - (performance.now() - started));
      };
      if (!callback) {
        return super.connect().then((client) => {
          bound(client);
          return client;
        });
      }
      super.connect((error, client, done) => {
        if (!error && client) bound(client);
        callback(error, client, done);
      });
    }
  }

  /**
   * The next statement on `client` may take `remainingMs`; those after it the full timeout again.
   * node-postgres reads the timeout when a statement is submitted.
   */
  function limitFirstStatement(client: Timed, remainingMs: number): void {
    const parameters = client.connectionParameters;
    parameters.query_timeout = Math.max(1, Math.floor(remainingMs));
    const query = pg.Client.prototype.query;
    client.query = ((...args: Parameters<typeof query>) => {
      delete (client as Partial<Timed>).query;
      try {
        return query.apply(client, args);
      } finally {
        parameters.query_timeout = timeoutMs;
      }
    }) as typeof client.query;
  }

  return Object.create(pg, { Pool: { value: Pool } }) as typeof pg;
}
