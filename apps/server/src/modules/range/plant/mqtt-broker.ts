/**
 * The Range's embedded MQTT broker (aedes). Trainees sign in with their Renkei username and a
 * personal API token as password, may subscribe only to the topics of plant instances they may
 * see, and may not publish: the broker itself publishes telemetry. This is what makes MQTT
 * isolation hold; an external broker would need the same rules as ACLs.
 *
 * Access is checked again after it is granted: every connected session's token and subscribed
 * plants are re-checked soon after any change to accounts, tokens or memberships in this process,
 * and every few seconds for changes made by another; a session that lost any of it is
 * disconnected (it may reconnect, and is then refused).
 * @module
 */
import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Actor, AppContext } from '../../../platform/index.js';
import { actorSignedInAs, watchAccess } from './access-watch.js';
import type { TelemetryPublisher } from './plant-instance.js';

export interface RangeBroker {
  port: number;
  publisher: TelemetryPublisher;
  /** Re-checks every session now; resolves with how many were disconnected. */
  revalidate(): Promise<number>;
  close(): Promise<void>;
}

interface Session {
  username: string;
  token: string;
  instanceIds: Set<string>;
}

const TOPIC = /^renkei\/range\/([0-9a-f-]{36}|[\w-]+)\/(telemetry|alarms|#)$/;

export async function startRangeBroker(
  ctx: AppContext,
  options: { host: string; port: number; canSee: (actor: Actor, instanceId: string) => Promise<boolean> },
): Promise<RangeBroker> {
  const sessions = new Map<Client, Session>();
  const actorOf = (token: string, username: string) => actorSignedInAs(ctx, token, username);
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const session: Session = {
        username: username?.toLowerCase() ?? '',
        token: password?.toString('utf8') ?? '',
        instanceIds: new Set(),
      };
      actorOf(session.token, session.username)
        .then((actor) => {
          if (!actor) {
            done(Object.assign(new Error('Bad username or token'), { returnCode: 4 }), false);
            return;
          }
          sessions.set(client, session);
          done(null, true);
        })
        .catch(() => done(Object.assign(new Error('Server unavailable'), { returnCode: 3 }), false));
    },
    authorizeSubscribe(client, subscription, callback) {
      const session = sessions.get(client);
      const instanceId = TOPIC.exec(subscription.topic)?.[1];
      // A null subscription is refused with SUBACK 0x80 and the client stays connected.
      if (!session || !instanceId) {
        callback(null, null);
        return;
      }
      // The actor as it is now (memberships may have changed since the session began).
      actorOf(session.token, session.username)
        .then(async (actor) => {
          const isAllowed = actor !== undefined && (await options.canSee(actor, instanceId));
          if (isAllowed) session.instanceIds.add(instanceId);
          callback(null, isAllowed ? subscription : null);
        })
        .catch(() => callback(null, null));
    },
    authorizePublish(client, _packet, callback) {
      // Only the broker itself (client === null) publishes plant data.
      callback(client ? new Error('Trainees may not publish') : null);
    },
  });
  broker.on('clientDisconnect', (client) => sessions.delete(client));

  /** Does this session still have its token, its account and every plant it subscribed to? */
  const stillAllowed = async (session: Session): Promise<boolean> => {
    const actor = await actorOf(session.token, session.username);
    if (!actor) return false;
    for (const instanceId of session.instanceIds) if (!(await options.canSee(actor, instanceId))) return false;
    return true;
  };
  const revalidate = async (): Promise<number> => {
    let dropped = 0;
    for (const [client, session] of [...sessions]) {
      const isAllowed = await stillAllowed(session).catch(() => false);
      if (!isAllowed && sessions.has(client)) {
        sessions.delete(client);
        client.close();
        dropped += 1;
      }
    }
    return dropped;
  };
  const stopWatching = watchAccess(() => void revalidate());

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
    revalidate,
    async close() {
      stopWatching();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
