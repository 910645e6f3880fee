/**
 * OPC UA for the plants (node-opcua): one server for the process exposes every running plant's
 * tags — measurements, set-points, run commands and modes, SIS trips and bypasses — the same tags,
 * units and scaling as Modbus and MQTT, under Objects/Plants/<plant>. Signing in is per user: the
 * user name is the Renkei user name and the password an API token, as for MQTT; anonymous
 * sessions are refused. What a session may see is decided per plant by OPC UA roles: a plant's
 * nodes carry role permissions for its own observer and operator roles, and a user holds the
 * roles of the plants they may see (observer) and operate (operator: a `write` token and
 * content.write), re-checked soon after any access change and every few seconds. Nodes of other
 * plants neither browse nor read (BadUserAccessDenied). Writes go through the plant like a Modbus
 * write: out-of-range set-points are refused (BadOutOfRange, as the API's 400 and Modbus'
 * exception 03), and each is recorded with its user and channel `opcua <address>`.
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type {
  CallbackT,
  DataValue,
  ISessionContext,
  Namespace,
  NodeId,
  NumericRange,
  StatusCode,
  UAObject,
  UAVariable,
} from 'node-opcua';
import { hasPermission, type Actor, type AppContext } from '../../../platform/index.js';
import { actorSignedInAs, watchAccess } from './access-watch.js';
import type { PlantInstance } from './plant-instance.js';
import { COILS, HOLDING_REGISTERS, INPUT_REGISTERS } from './register-map.js';
import { TRIPS, type Setpoints } from './water-plant.js';

export const OPCUA_NAMESPACE = 'urn:renkei:range';

export interface RangeOpcuaServer {
  /** The endpoint clients connect to, e.g. `opc.tcp://127.0.0.1:4840/renkei`. */
  endpointUrl: string;
  addPlant(instance: PlantInstance, name: string): void;
  removePlant(id: string): void;
  /** Recomputes every signed-in user's roles now (tests; access changes do it by themselves). */
  refreshAccess(): Promise<void>;
  close(): Promise<void>;
}

interface SignedIn {
  token: string;
  actor: Actor;
  roles: NodeId[];
}

/** Rounded as the Modbus register holds it, so OPC UA, Modbus and MQTT agree. */
const scaled = (value: number, scale: number) => Math.round(value * scale) / scale;

export async function startOpcuaServer(
  ctx: AppContext,
  options: {
    host: string;
    port: number;
    dataDir: string;
    canSee: (actor: Actor, instanceId: string) => Promise<boolean>;
  },
): Promise<RangeOpcuaServer> {
  // Loaded only when OPC UA is switched on: node-opcua is large, and it prints warnings to
  // standard output when loaded, which would pollute every command's output.
  const {
    AccessLevelFlag,
    DataType,
    MessageSecurityMode,
    NodeId,
    OPCUACertificateManager,
    OPCUAServer,
    PermissionType,
    SecurityPolicy,
    StatusCodes,
    Variant,
  } = await import('node-opcua');
  const READ = PermissionType.Browse | PermissionType.Read | PermissionType.ReadRolePermissions;
  const OPERATE = READ | PermissionType.Write;
  const users = new Map<string, SignedIn>();
  const plants = new Map<string, { instance: PlantInstance; folder: UAObject }>();
  let namespace: Namespace | undefined = undefined;

  const observerRole = (id: string) => new NodeId(NodeId.NodeIdType.STRING, `role:${id}:observer`, namespace!.index);
  const operatorRole = (id: string) => new NodeId(NodeId.NodeIdType.STRING, `role:${id}:operator`, namespace!.index);

  const actorOf = (token: string, username: string) => actorSignedInAs(ctx, token, username);
  const rolesOf = async (actor: Actor): Promise<NodeId[]> => {
    const roles: NodeId[] = [];
    for (const [id, { instance }] of plants) {
      if (!(await options.canSee(actor, id))) continue;
      roles.push(observerRole(id));
      if (actor.tokenScopes?.includes('write') && hasPermission(actor, instance.workspaceId, 'content.write'))
        roles.push(operatorRole(id));
    }
    return roles;
  };
  const refreshOnce = async () => {
    for (const [username, signedIn] of [...users]) {
      const actor = await actorOf(signedIn.token, username).catch(() => undefined);
      const roles = actor ? await rolesOf(actor) : [];
      // A sign-in meanwhile replaced the entry: its own check is newer than this one.
      if (users.get(username) !== signedIn) continue;
      if (!actor) users.delete(username);
      else users.set(username, { ...signedIn, actor, roles });
    }
  };
  // One re-check at a time, in order: an earlier one still running must not write back rights
  // that a later one has already taken away.
  let refreshing: Promise<void> = Promise.resolve();
  const refreshAccess = () => (refreshing = refreshing.then(refreshOnce, refreshOnce));

  const pkiDir = path.join(options.dataDir, 'opcua-pki');
  mkdirSync(pkiDir, { recursive: true });
  const certificateManager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    // Trainees' clients bring their own self-signed certificates; who they are is decided by
    // the API token at sign-in, not by the application certificate.
    automaticallyAcceptUnknownCertificate: true,
  });
  const server = new OPCUAServer({
    port: options.port,
    hostname: options.host,
    resourcePath: '/renkei',
    serverCertificateManager: certificateManager,
    allowAnonymous: false,
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
    // A session whose user holds no role gets nothing, rather than everything.
    unresolvedPermissionPolicy: 'deny',
    buildInfo: { productName: 'Renkei Range plant', manufacturerName: 'Renkei' },
    userManager: {
      isValidUserAsync(username: string, password: string, callback: (err: Error | null, ok?: boolean) => void) {
        actorOf(password, username)
          .then(async (actor) => {
            if (!actor) return callback(null, false);
            users.set(username, { token: password, actor, roles: await rolesOf(actor) });
            callback(null, true);
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
      getUserRoles: (username: string) => users.get(username)?.roles ?? [],
    },
  });
  await server.initialize();
  namespace = server.engine.addressSpace!.registerNamespace(OPCUA_NAMESPACE);
  const plantsFolder = namespace.addFolder(server.engine.addressSpace!.rootFolder.objects, {
    browseName: 'Plants',
    nodeId: 's=plants',
  });
  await server.start();
  const stopWatching = watchAccess(
    () =>
      void refreshAccess().catch((error: unknown) => ctx.logger.warn({ err: error }, 'OPC UA access re-check failed')),
    // The plants' own records (their writes among them) cannot change access.
    (entry) => entry.objectType === 'plant_instance' && entry.action === 'plant.setpoint',
  );

  /** Who is writing: the session's user, as signed in. */
  const writerOf = (context: ISessionContext | null) => {
    const session = context?.session as
      { userIdentityToken?: { userName?: unknown }; channel?: { remoteAddress?: string } } | undefined;
    const username = session?.userIdentityToken?.userName;
    const signedIn = typeof username === 'string' ? users.get(username) : undefined;
    return { actorId: signedIn?.actor.userId ?? null, address: session?.channel?.remoteAddress ?? 'unknown' };
  };

  const addPlant = (instance: PlantInstance, name: string) => {
    if (plants.has(instance.id) || !namespace) return;
    const ns = namespace;
    const rolePermissions = [
      { roleId: observerRole(instance.id), permissions: READ },
      { roleId: operatorRole(instance.id), permissions: OPERATE },
    ];
    const folder = ns.addObject({
      organizedBy: plantsFolder,
      browseName: name,
      nodeId: `s=${instance.id}`,
      rolePermissions,
    });
    const variable = (
      tag: string,
      dataType: typeof DataType.Double | typeof DataType.Boolean,
      read: () => number | boolean,
      description: string,
      write?: (value: number | boolean) => Partial<Setpoints> | undefined,
    ) => {
      const node: UAVariable = ns.addVariable({
        componentOf: folder,
        browseName: tag,
        nodeId: `s=${instance.id}.${tag}`,
        dataType,
        description,
        rolePermissions,
        accessLevel: write ? AccessLevelFlag.CurrentRead | AccessLevelFlag.CurrentWrite : AccessLevelFlag.CurrentRead,
        userAccessLevel: write
          ? AccessLevelFlag.CurrentRead | AccessLevelFlag.CurrentWrite
          : AccessLevelFlag.CurrentRead,
        minimumSamplingInterval: 100,
        value: { get: () => new Variant({ dataType, value: read() }) },
      });
      if (write)
        // Replaces the node's value write (permission already checked by the server) so the
        // change is applied to the plant with the session's user, as a Modbus write is.
        node.writeValue = ((
          context: ISessionContext | null,
          dataValue: DataValue,
          indexRangeOrCallback: NumericRange | null | CallbackT<StatusCode>,
          maybeCallback?: CallbackT<StatusCode>,
        ) => {
          const callback = (typeof indexRangeOrCallback === 'function' ? indexRangeOrCallback : maybeCallback)!;
          const variant = dataValue.value;
          if (variant.dataType !== dataType) return callback(null, StatusCodes.BadTypeMismatch);
          const changes = write(variant.value as number | boolean);
          if (!changes) return callback(null, StatusCodes.BadOutOfRange);
          const writer = writerOf(context);
          instance.applySetpoints(changes, {
            source: 'opcua',
            actorId: writer.actorId,
            channel: `opcua ${writer.address}`,
          });
          callback(null, StatusCodes.Good);
        }) as UAVariable['writeValue'];
    };
    for (const register of INPUT_REGISTERS)
      variable(
        register.name,
        DataType.Double,
        () => scaled(register.read(instance.measured, instance.state), register.scale),
        `${register.name} (${register.unit})`,
      );
    for (const register of HOLDING_REGISTERS)
      variable(
        register.name,
        DataType.Double,
        () => scaled(instance.state.setpoints[register.key], register.scale),
        `${register.name} (${register.unit}, ${register.min}–${register.max})`,
        (value) =>
          typeof value === 'number' && Number.isFinite(value) && value >= register.min && value <= register.max
            ? { [register.key]: scaled(value, register.scale) }
            : undefined,
      );
    for (const coil of COILS)
      variable(
        coil.name,
        DataType.Boolean,
        () => instance.state.setpoints[coil.key],
        coil.name,
        (value) => ({ [coil.key]: value === true }),
      );
    for (const trip of TRIPS) {
      variable(`trip_${trip}`, DataType.Boolean, () => instance.state.safety.tripped[trip], `SIS trip ${trip}`);
      variable(`bypass_${trip}`, DataType.Boolean, () => instance.state.safety.bypassed[trip], `SIS bypass ${trip}`);
    }
    plants.set(instance.id, { instance, folder });
    // Users signed in before the plant existed may need its roles.
    void refreshAccess().catch(() => undefined);
  };

  return {
    endpointUrl: `opc.tcp://${options.host}:${options.port}/renkei`,
    addPlant,
    removePlant(id) {
      const plant = plants.get(id);
      if (!plant || !namespace) return;
      plants.delete(id);
      server.engine.addressSpace!.deleteNode(plant.folder);
    },
    refreshAccess,
    async close() {
      stopWatching();
      await server.shutdown(0);
      await certificateManager.dispose();
    },
  };
}
