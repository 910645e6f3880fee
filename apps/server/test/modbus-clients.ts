/** Modbus/TCP test clients: a free local port, and jsmodbus (a client Renkei did not write) on a socket. */
import { Socket, createServer } from 'node:net';
import Modbus from 'jsmodbus';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function modbusClient(port: number) {
  const socket = new Socket();
  const client = new Modbus.client.TCP(socket, 1, 5000);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
    socket.connect({ host: '127.0.0.1', port });
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { client, socket, closed, close: () => socket.destroy() };
}
