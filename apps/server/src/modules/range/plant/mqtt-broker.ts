/**
 * The Range's embedded MQTT broker (aedes). Trainees sign in with their Renkei username and a
 * personal API token as password, may subscribe only to the topics of plant instances they may
 * see, and may not publish: the broker itself publishes telemetry. This is what makes MQTT
 * isolation hold; an external broker would need the same rules as ACLs.
 * @module
 */
import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import { authRepository, authenticateApiToken, type Actor, type AppContext } from '../../../platform/index.js';
import type { TelemetryPublisher } from './plant-instance.js';

export interface RangeBroker {
  port: number;
  publisher: TelemetryPublisher;
  close(): Promise<void>;
}

const TOPIC = /^renkei\/range\/([0-9a-f-]{36}|[\w-]+)\/(telemetry|alarms|#)$/;

export async function startRangeBroker(
  ctx: AppContext,
  options: { host: string; port: number; canSee: (actor: Actor, instanceId: string) => Promise<boolean> },
): Promise<RangeBroker> {
  const actors = new WeakMap<Client, Actor>();
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const token = password?.toString('utf8') ?? '';
      authenticateApiToken(ctx, token)
        .then(async (actor) => {
          const user = actor ? await authRepository.findUserById(ctx.db, actor.userId) : undefined;
          if (!actor || !user || user.username !== username?.toLowerCase()) {
            done(Object.assign(new Error('Bad username or token'), { returnCode: 4 }), false);
            return;
          }
          actors.set(client, actor);
          done(null, true);
        })
        .catch(() => done(Object.assign(new Error('Server unavailable'), { returnCode: 3 }), false));
    },
    authorizeSubscribe(client, subscription, callback) {
      const actor = actors.get(client);
      const instanceId = TOPIC.exec(subscription.topic)?.[1];
      // A null subscription is refused with SUBACK 0x80 and the client stays connected.
      if (!actor || !instanceId) {
        callback(null, null);
        return;
      }
      options
        .canSee(actor, instanceId)
        .then((isAllowed) => callback(null, isAllowed ? subscription : null))
        .catch(() => callback(null, null));
    },
    authorizePublish(client, _packet, callback) {
      // Only the broker itself (client === null) publishes plant data.
      callback(client ? new Error('Trainees may not publish') : null);
    },
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    publisher: {
      publish(topic, payload, publishOptions) {
        broker.publish(
          { cmd: 'publish', topic, payload: Buffer.from(payload), qos: publishOptions.qos, retain: false, dup: false },
          () => undefined,
        );
      },
    },
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
