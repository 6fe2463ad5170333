import net from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

/**
 * A TCP proxy the test controls, standing between the service and Postgres: `forward` passes
 * bytes, `refuse` drops every connection at once (a stopped server), `blackhole` accepts and never
 * answers (a partitioned network). Switching mode drops the connections already open.
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private mode: ProxyMode = 'forward';

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined;
    const server = net.createServer((socket) => proxy?.accept(socket, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new CuttableProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  /** The same database URL, reached through this proxy. */
  readonly viaProxy = (url: string): string => {
    const rewritten = new URL(url);
    rewritten.host = `127.0.0.1:${this.port}`;
    return rewritten.toString();
  };

  switchTo(mode: ProxyMode): void {
    this.mode = mode;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.switchTo('refuse');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    client.on('error', () => undefined);
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    this.track(client);
    if (this.mode === 'blackhole') return;
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    this.track(upstream);
    client.pipe(upstream).pipe(client);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
