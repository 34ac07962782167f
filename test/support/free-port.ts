import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort as kernelPort } from '../../apps/api/src/database/embedded-postgres.js';

/**
 * A free TCP port on loopback for a test that listens on it some time later (a child service, an
 * SMTP server that "comes back"). Chosen below the kernel's ephemeral range: a port from that
 * range (what `listen(0)` hands out) can be taken in the meantime by any outgoing connection's
 * local end (every PostgreSQL client, every fetch of the parallel test workers), and the later
 * listen then fails with EADDRINUSE. Outside it, only another explicit choice can collide, and
 * each candidate is checked free by listening on it first. `udp`: free for UDP as well (a DNS
 * server's port).
 */
export async function freePort(options: { udp?: boolean } = {}): Promise<number> {
  const [low] = ephemeralRange();
  const floor = 10_000;
  for (let tries = 0; tries < 50; tries++) {
    const port = low - floor >= 1000 ? floor + Math.floor(Math.random() * (low - floor)) : await kernelPort();
    if ((await canListen(port)) && (!options.udp || (await canBindUdp(port)))) return port;
  }
  throw new Error('no free loopback port after 50 tries');
}

function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: the IANA dynamic range, which macOS and Windows use
  }
  return [49152, 65535];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function canBindUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
