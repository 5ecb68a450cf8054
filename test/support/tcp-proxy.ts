/**
 * A TCP proxy the test controls. It forwards to the database until `cut()`, then refuses
 * everything until `restore()`. Beyond that, for the fault suite, it can blackhole the database
 * instead of refusing it: `holdNew()` accepts new connections and holds them without a byte either
 * way (a host that stopped answering), `stallExisting()` stops forwarding on the open connections
 * without closing them (a path that broke under them), `blackhole()` does both. `restore()` ends
 * every mode: held connections are connected to the database then, stalled ones carry on with
 * what they had buffered, as TCP does when a partition heals. `retarget()` sends new connections
 * elsewhere (a database that came back on another port).
 */
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

/** An accepted connection: its client side, and the database side once it has one. */
interface Link {
  client: Socket;
  upstream?: Socket;
  stalled: boolean;
}

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<Link>();
  private open = true;
  private holding = false;

  private constructor(
    private readonly server: Server,
    private target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections open through the proxy (held ones included). */
  get connections(): number {
    return this.links.size;
  }

  /** Drops every connection at once and refuses new ones, like a database host that went away. */
  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.links.clear();
  }

  /** Accepts new connections but neither forwards nor answers them, until `restore()`. */
  holdNew(): void {
    this.holding = true;
  }

  /** Stops forwarding on every open connection, both ways, without closing it, until `restore()`. */
  stallExisting(): void {
    for (const link of this.links) {
      if (link.stalled || !link.upstream) continue;
      link.stalled = true;
      link.client.unpipe(link.upstream);
      link.upstream.unpipe(link.client);
      link.client.pause();
      link.upstream.pause();
    }
  }

  /** The database stops answering: new connections are held, open ones stall. */
  blackhole(): void {
    this.holdNew();
    this.stallExisting();
  }

  /** Forwards again: new connections go through, held ones are connected, stalled ones resume. */
  restore(): void {
    this.open = true;
    this.holding = false;
    for (const link of this.links) {
      if (!link.upstream) this.forward(link);
      else if (link.stalled) {
        link.stalled = false;
        this.pipe(link);
      }
    }
  }

  /** New connections (and held ones, once restored) go to `target` from now on. */
  retarget(target: { host: string; port: number }): void {
    this.target = target;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (!this.open) {
      client.destroy();
      return;
    }
    const link: Link = { client, stalled: false };
    this.links.add(link);
    this.sockets.add(client);
    client.on('error', () => link.upstream?.destroy());
    client.on('close', () => {
      this.sockets.delete(client);
      this.links.delete(link);
      link.upstream?.destroy();
    });
    if (this.holding) client.pause();
    else this.forward(link);
  }

  private forward(link: Link): void {
    const upstream = connect(this.target.port, this.target.host);
    link.upstream = upstream;
    this.sockets.add(upstream);
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      link.client.destroy();
    });
    this.pipe(link);
  }

  private pipe(link: Link): void {
    link.client.pipe(link.upstream!);
    link.upstream!.pipe(link.client);
  }
}

/**
 * `url` with its host and port replaced by the proxy's on 127.0.0.1: the same database, reached
 * through the proxy. An embedded server's URL also names its Unix socket (`host`), which would
 * bypass the proxy: it goes.
 */
export function throughProxy(url: string, port: number): string {
  const through = new URL(url);
  through.hostname = '127.0.0.1';
  through.port = String(port);
  through.searchParams.delete('host');
  return through.toString();
}
