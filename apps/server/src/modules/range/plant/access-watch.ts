/**
 * Re-checking a long-lived connection's access (MQTT sessions, Modbus tunnels): soon after any
 * change to accounts, tokens or memberships recorded in this process, and every few seconds for
 * changes made by another process. @module
 */
import {
  authRepository,
  authenticateApiToken,
  onAuditRecorded,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';

/**
 * The actor behind an API token given as a password (MQTT, OPC UA), if the token, its account
 * and the user name signed in with still hold.
 */
export async function actorSignedInAs(ctx: AppContext, token: string, username: string): Promise<Actor | undefined> {
  const actor = await authenticateApiToken(ctx, token);
  const user = actor ? await authRepository.findUserById(ctx.db, actor.userId) : undefined;
  return actor && user?.username === username ? actor : undefined;
}

const ACCESS_OBJECT_TYPES = new Set(['user', 'api_token', 'membership', 'workspace', 'plant_instance']);
/** The change commits meanwhile. */
const RECHECK_AFTER_CHANGE_MS = 250;
const RECHECK_EVERY_MS = 5000;

/**
 * Calls `recheck` after access changes and periodically; returns the function that stops it.
 * `ignore` skips audit entries that cannot change access (e.g. the connection's own writes).
 */
export function watchAccess(
  recheck: () => void,
  ignore: (entry: { objectType: string; action: string }) => boolean = () => false,
): () => void {
  let pending: NodeJS.Timeout | undefined;
  const stopListening = onAuditRecorded((entry) => {
    if (!ACCESS_OBJECT_TYPES.has(entry.objectType) || ignore(entry) || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      recheck();
    }, RECHECK_AFTER_CHANGE_MS);
    pending.unref();
  });
  const every = setInterval(recheck, RECHECK_EVERY_MS);
  every.unref();
  return () => {
    stopListening();
    clearInterval(every);
    if (pending) clearTimeout(pending);
  };
}
