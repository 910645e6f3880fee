/**
 * `renkei range connect PLANT`: a Modbus/TCP port on this computer that leads, through the
 * server's authenticated WebSocket tunnel, to one plant instance (decision 0016). Each local TCP
 * connection gets a tunnel of its own, so the trainee's tools (mbpoll, pymodbus, Wireshark on the
 * loopback) speak real Modbus/TCP end to end, and every write is attributed to the token's user.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { ApiTarget } from './api-client.js';

export interface ModbusConnector {
  /** The local port (useful when 0 was asked for). */
  port: number;
  close(): Promise<void>;
}

/** The tunnel's WebSocket URL for a plant on a server (http → ws, https → wss). */
export function tunnelUrl(serverUrl: string, plantId: string): string {
  const url = new URL(`/api/plants/${encodeURIComponent(plantId)}/modbus`, serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Starts the local listener; `report` hears of each connection and of refusals. */
export async function connectModbus(
  api: ApiTarget,
  plantId: string,
  listen: { host: string; port: number },
  report: (message: string) => void = () => undefined,
): Promise<ModbusConnector> {
  const url = tunnelUrl(api.url, plantId);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.pause();
    const tunnel = new WebSocket(url, { headers: { authorization: `Bearer ${api.token}` } });
    const label = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}`;
    tunnel.on('open', () => {
      report(`${label}: connected to plant ${plantId}`);
      socket.resume();
    });
    tunnel.on('unexpected-response', (_request, response) => {
      report(`${label}: the server refused the tunnel (HTTP ${response.statusCode ?? '?'})`);
      socket.destroy();
    });
    tunnel.on('message', (bytes: Buffer) => socket.write(bytes));
    tunnel.on('close', (code, reason) => {
      if (code !== 1000 && code !== 1005) report(`${label}: tunnel closed (${code} ${reason.toString()})`);
      socket.destroy();
    });
    tunnel.on('error', (error) => {
      report(`${label}: ${error.message}`);
      socket.destroy();
    });
    socket.on('data', (bytes: Buffer) => {
      if (tunnel.readyState === WebSocket.OPEN) tunnel.send(bytes, { binary: true });
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (tunnel.readyState === WebSocket.OPEN || tunnel.readyState === WebSocket.CONNECTING) tunnel.terminate();
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : listen.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
