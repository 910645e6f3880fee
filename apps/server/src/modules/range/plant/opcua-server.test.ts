/**
 * OPC UA (issue 13, item 11): every plant's tags through node-opcua's own client, a client Renkei
 * did not write — signed in per user with an API token, each trainee seeing and writing only
 * their own plant, writes recorded with their user, out-of-range set-points refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  UserTokenType,
  type ClientSession,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { TEST_PASSWORD, addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { OPCUA_NAMESPACE } from './opcua-server.js';
import { plantRuntime, startPlantRuntime } from './plant.service.js';

const tokenOf = async (client: Client, scopes: string[]) =>
  (await client.post('/api/tokens', { name: `opcua-${scopes.join('-')}`, scopes, password: TEST_PASSWORD })).json<{
    id: string;
    token: string;
  }>();

for (const dialect of DIALECTS) {
  describe(`${dialect}: OPC UA`, () => {
    let test: TestApp;
    let endpoint: string;
    let traineeA: Client;
    let plantA: { id: string };
    let plantB: { id: string };
    let alice: { id: string; username: string };
    let bob: { id: string; username: string };
    const clientPki = mkdtempSync(path.join(tmpdir(), 'renkei-opcua-client-'));
    const certificates = new OPCUACertificateManager({
      rootFolder: clientPki,
      automaticallyAcceptUnknownCertificate: true,
    });
    const clients: OPCUAClient[] = [];

    /** A session through node-opcua's client, as a trainee's script would open one. */
    const sessionOf = async (userName: string, password: string, secure = false): Promise<ClientSession> => {
      const client = OPCUAClient.create({
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
        securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
        securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
        clientCertificateManager: certificates,
      });
      clients.push(client);
      await client.connect(endpoint);
      return client.createSession({ type: UserTokenType.UserName, userName, password });
    };
    const nodeOf = async (session: ClientSession, id: string) => {
      const ns = (await session.readNamespaceArray()).indexOf(OPCUA_NAMESPACE);
      expect(ns).toBeGreaterThan(0);
      return `ns=${ns};s=${id}`;
    };

    beforeAll(async () => {
      test = await createTestApp(dialect, {
        rangeModbusBasePort: 20_000 + Math.floor(Math.random() * 10_000),
        rangeMqttPort: 0,
        rangeOpcuaPort: 40_000 + Math.floor(Math.random() * 10_000),
      });
      await startPlantRuntime(test.ctx, { startClock: false });
      endpoint = plantRuntime(test.ctx).opcua!.endpointUrl;
      const workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const teacher = await makeUser(test.ctx);
      alice = await makeUser(test.ctx);
      bob = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, teacher.id, 'instructor');
      await addMember(test.ctx, workspaceId, alice.id, 'trainee');
      await addMember(test.ctx, workspaceId, bob.id, 'trainee');
      const instructor = await signIn(test.app, teacher.username);
      traineeA = await signIn(test.app, alice.username);
      const create = async (name: string, owner: string) =>
        (await instructor.post(`/api/workspaces/${workspaceId}/plants`, { name, ownerUsername: owner, seed: 5 })).json<{
          id: string;
        }>();
      plantA = await create('Plant A', alice.username);
      plantB = await create('Plant B', bob.username);
    });
    afterAll(async () => {
      for (const client of clients) await client.disconnect().catch(() => undefined);
      await plantRuntime(test.ctx).stop();
      await test.destroy();
      await certificates.dispose();
      rmSync(clientPki, { recursive: true, force: true });
    });

    it('refuses anonymous sessions, wrong tokens and a token under another name', async () => {
      const { token } = await tokenOf(traineeA, ['read']);
      await expect(sessionOf(alice.username, 'rk_not-a-token')).rejects.toThrow(/BadUserAccessDenied|BadIdentityToken/);
      await expect(sessionOf(bob.username, token)).rejects.toThrow(/BadUserAccessDenied|BadIdentityToken/);
      const client = OPCUAClient.create({
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0 },
        clientCertificateManager: certificates,
      });
      clients.push(client);
      await client.connect(endpoint);
      // The server offers no anonymous policy at all: the client cannot even ask.
      await expect(client.createSession()).rejects.toThrow(/ANONYMOUS|BadIdentityTokenInvalid/);
    });

    it("shows trainee A their plant's tags, as Modbus and the API show them, and nothing of B's", async () => {
      const { token } = await tokenOf(traineeA, ['read']);
      const session = await sessionOf(alice.username, token);
      const plants = await session.browse({
        nodeId: await nodeOf(session, 'plants'),
        browseDirection: BrowseDirection.Forward,
        resultMask: 63,
      });
      expect(plants.references?.map((reference) => reference.browseName.name)).toEqual(['Plant A']);
      const tags = await session.browse(await nodeOf(session, plantA.id));
      const names = tags.references?.map((reference) => reference.browseName.name) ?? [];
      expect(names).toEqual(
        expect.arrayContaining([
          'tank_level',
          'chlorine_setpoint',
          'intake_pump_run',
          'trip_high_level',
          'bypass_low_pressure',
        ]),
      );
      const instance = plantRuntime(test.ctx).get(plantA.id)!;
      const level = await session.read({
        nodeId: await nodeOf(session, `${plantA.id}.tank_level`),
        attributeId: AttributeIds.Value,
      });
      expect(level.statusCode).toBe(StatusCodes.Good);
      expect(level.value.value).toBe(Math.round(instance.measured.tankLevelM * 100) / 100);
      const setpoint = await session.read({ nodeId: await nodeOf(session, `${plantA.id}.chlorine_setpoint`) });
      expect(setpoint.value.value).toBe(instance.state.setpoints.chlorineMgL);
      // B's plant: neither readable nor browsable, by its exact node id.
      const other = await session.read({ nodeId: await nodeOf(session, `${plantB.id}.tank_level`) });
      expect(other.statusCode).toBe(StatusCodes.BadUserAccessDenied);
      expect((await session.browse(await nodeOf(session, plantB.id))).references ?? []).toHaveLength(0);
      // A read-only token may not write.
      const refused = await session.write({
        nodeId: await nodeOf(session, `${plantA.id}.chlorine_setpoint`),
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.Double, value: 0.8 } },
      });
      expect(refused).toBe(StatusCodes.BadUserAccessDenied);
      await session.close();
    });

    it('writes set-points and commands over an encrypted channel as the signed-in user, refusing out-of-range values', async () => {
      const { token } = await tokenOf(traineeA, ['read', 'write']);
      const session = await sessionOf(alice.username, token, true);
      const instance = plantRuntime(test.ctx).get(plantA.id)!;
      const write = async (tag: string, dataType: DataType, value: number | boolean) =>
        session.write({
          nodeId: await nodeOf(session, `${plantA.id}.${tag}`),
          attributeId: AttributeIds.Value,
          value: { value: { dataType, value } },
        });
      expect(await write('chlorine_setpoint', DataType.Double, 0.8)).toBe(StatusCodes.Good);
      expect(instance.state.setpoints.chlorineMgL).toBe(0.8);
      expect(await write('chlorine_setpoint', DataType.Double, 9)).toBe(StatusCodes.BadOutOfRange);
      expect(await write('chlorine_setpoint', DataType.Boolean, true)).toBe(StatusCodes.BadTypeMismatch);
      expect(instance.state.setpoints.chlorineMgL).toBe(0.8);
      expect(await write('distribution_pump_run', DataType.Boolean, false)).toBe(StatusCodes.Good);
      expect(instance.state.setpoints.distributionPumpOn).toBe(false);
      // Measurements and trips are read-only for everyone.
      expect(await write('tank_level', DataType.Double, 1)).toBe(StatusCodes.BadNotWritable);
      // B's plant with A's write token: refused, untouched.
      const other = await session.write({
        nodeId: await nodeOf(session, `${plantB.id}.chlorine_setpoint`),
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.Double, value: 3.5 } },
      });
      expect(other).toBe(StatusCodes.BadUserAccessDenied);
      expect(plantRuntime(test.ctx).get(plantB.id)!.state.setpoints.chlorineMgL).toBe(0.5);
      await plantRuntime(test.ctx).logged();
      const events = await test.ctx.db
        .selectFrom('plant_event')
        .select(['source', 'actor_id', 'channel', 'detail'])
        .where('instance_id', '=', plantA.id)
        .where('kind', '=', 'setpoint')
        .execute();
      expect(events.map((event) => [event.source, event.actor_id, JSON.parse(event.detail) as unknown])).toEqual([
        ['opcua', alice.id, { chlorineMgL: 0.8 }],
        ['opcua', alice.id, { distributionPumpOn: false }],
      ]);
      expect(events.every((event) => event.channel?.startsWith('opcua '))).toBe(true);
      const audits = await test.ctx.db
        .selectFrom('audit_event')
        .select(['actor_id'])
        .where('action', '=', 'plant.setpoint')
        .where('object_id', '=', plantA.id)
        .execute();
      expect(audits.map((audit) => audit.actor_id)).toEqual([alice.id, alice.id]);
      await session.close();
    });

    it('takes access away from a session when the token is revoked', async () => {
      const { id, token } = await tokenOf(traineeA, ['read']);
      const session = await sessionOf(alice.username, token);
      const node = await nodeOf(session, `${plantA.id}.tank_level`);
      expect((await session.read({ nodeId: node })).statusCode).toBe(StatusCodes.Good);
      expect((await traineeA.delete(`/api/tokens/${id}`)).statusCode).toBe(204);
      await plantRuntime(test.ctx).opcua!.refreshAccess();
      expect((await session.read({ nodeId: node })).statusCode).toBe(StatusCodes.BadUserAccessDenied);
    });
  });
}
