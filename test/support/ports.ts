import net from 'node:net';

/** Whether something accepts TCP connections at `host:port` (a server's address as Temporal reports it). */
export function portOpen(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((done) => {
    const socket = net.connect({ host, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}
