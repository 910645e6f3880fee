/**
 * The Modbus tunnel: one WebSocket carries one Modbus/TCP connection's bytes, unchanged, between
 * `renkei range connect` on a trainee's PC (a local Modbus/TCP port for their own tools) and the
 * plant instance (decision 0016). The WebSocket is opened with the trainee's API token, so every
 * write is attributed to them; the token, the account and the plant's visibility are checked
 * again every few seconds and soon after any access change, and the tunnel closes when they fail.
 * @module
 */
import type { WebSocket } from 'ws';
import { recordAudit, type Actor, type AppContext } from '../../../platform/index.js';
import { watchAccess } from './access-watch.js';
import type { PlantInstance } from './plant-instance.js';
import { tunnelStillAllowed } from './plant.service.js';

/** WebSocket close codes: 1008 policy violation (access withdrawn), 1013 try again later (too many clients). */
const CLOSE_ACCESS_WITHDRAWN = 1008;
const CLOSE_TOO_MANY = 1013;

export async function serveModbusTunnel(
  ctx: AppContext,
  socket: WebSocket,
  tunnel: { actor: Actor; token: string; instance: PlantInstance; mayWrite: boolean; remote: string },
): Promise<void> {
  const { actor, instance } = tunnel;
  const session = instance.openModbusSession(
    { actorId: actor.userId, channel: `modbus-tunnel ${tunnel.remote}`, mayWrite: tunnel.mayWrite },
    {
      send: (bytes) => socket.send(bytes, { binary: true }),
      close: () => socket.close(CLOSE_ACCESS_WITHDRAWN, 'closed'),
    },
  );
  if (!session) {
    socket.close(CLOSE_TOO_MANY, 'this plant serves its maximum of Modbus clients');
    return;
  }
  socket.on('message', (message: Buffer | ArrayBuffer | Buffer[]) => {
    const bytes = Array.isArray(message)
      ? Buffer.concat(message)
      : Buffer.isBuffer(message)
        ? message
        : Buffer.from(message);
    session.receive(bytes);
  });
  let closed = false;
  const recheck = async () => {
    if (closed) return;
    const isAllowed = await tunnelStillAllowed(ctx, tunnel.token, instance.id).catch(() => false);
    if (!isAllowed && !closed) socket.close(CLOSE_ACCESS_WITHDRAWN, 'access withdrawn');
  };
  // The plant's own records (its writes among them) cannot change access; the periodic check covers the rest.
  const stopWatching = watchAccess(
    () => void recheck(),
    (entry) => entry.objectType === 'plant_instance',
  );
  socket.on('close', () => {
    closed = true;
    stopWatching();
    session.close();
  });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.modbus-connect',
    objectType: 'plant_instance',
    objectId: instance.id,
    workspaceId: instance.workspaceId,
    detail: { channel: session.peer.channel, mayWrite: tunnel.mayWrite },
  });
}
