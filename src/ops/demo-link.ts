// The demo's link switch: each commune reaches the hub through one of these TCP relays, run by
// the launcher, so that a presenter can cut a commune's link (`offline 20308`) and restore it
// (`online 20308`) while the three nodes keep running — the commune goes on working offline
// and catches up when the link is back.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface DemoLink {
  readonly port: number;
  readonly up: boolean;
  /** Cuts the link: open connections are dropped and new ones refused until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startDemoLink(options: {
  host: string;
  port: number;
  targetHost: string;
  targetPort: number;
}): Promise<DemoLink> {
  let up = true;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: options.targetHost, port: options.targetPort });
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve();
    });
  });
  return {
    port: options.port,
    get up() {
      return up;
    },
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
