/**
 * Range isolation over Modbus (issue 12, finding 8): a trainee reaches a plant only through the
 * authenticated tunnel, with their own token, through `renkei range connect`'s local port and a
 * Modbus client Renkei did not write (jsmodbus); every write names its user.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { modbusClient } from '../../../../test/modbus-clients.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { TEST_PASSWORD, addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { connectModbus, type ModbusConnector } from '../../../cli/modbus-connect.js';
import { plantRuntime, startPlantRuntime } from './plant.service.js';

interface PlantView {
  id: string;
  modbus: { tunnel: string; port?: number };
}

const run = promisify(execFile);

const tokenOf = async (client: Client, scopes: string[]) =>
  (await client.post('/api/tokens', { name: `modbus-${scopes.join('-')}`, scopes, password: TEST_PASSWORD })).json<{
    id: string;
    token: string;
  }>();

for (const dialect of DIALECTS) {
  describe(`${dialect}: Modbus tunnel`, () => {
    let test: TestApp;
    let url: string;
    let traineeA: Client;
    let traineeB: Client;
    let plantA: PlantView;
    let plantB: PlantView;
    let bobId: string;
    const connectors: ModbusConnector[] = [];
    const refusals: string[] = [];
    const connect = async (token: string, plantId: string) => {
      const connector = await connectModbus({ url, token }, plantId, { host: '127.0.0.1', port: 0 }, (message) =>
        refusals.push(message),
      );
      connectors.push(connector);
      return connector.port;
    };

    beforeAll(async () => {
      test = await createTestApp(dialect, {
        rangeModbusBasePort: 20_000 + Math.floor(Math.random() * 10_000),
        rangeMqttPort: 0,
      });
      await startPlantRuntime(test.ctx, { startClock: false });
      url = await test.app.listen({ host: '127.0.0.1', port: 0 });
      const workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const [teacher, alice, bob] = [await makeUser(test.ctx), await makeUser(test.ctx), await makeUser(test.ctx)];
      bobId = bob.id;
      await addMember(test.ctx, workspaceId, teacher.id, 'instructor');
      await addMember(test.ctx, workspaceId, alice.id, 'trainee');
      await addMember(test.ctx, workspaceId, bob.id, 'trainee');
      const instructor = await signIn(test.app, teacher.username);
      traineeA = await signIn(test.app, alice.username);
      traineeB = await signIn(test.app, bob.username);
      const create = async (name: string, owner: string) =>
        (
          await instructor.post(`/api/workspaces/${workspaceId}/plants`, { name, ownerUsername: owner, seed: 3 })
        ).json<PlantView>();
      plantA = await create('Plant A', alice.username);
      plantB = await create('Plant B', bob.username);
    });
    afterAll(async () => {
      for (const connector of connectors) await connector.close();
      await plantRuntime(test.ctx).stop();
      await test.destroy();
    });

    it('offers no direct Modbus port unless the organiser switches it on', async () => {
      expect(plantB.modbus).toEqual({
        unitId: 1,
        tunnel: `/api/plants/${plantB.id}/modbus`,
        connect: `renkei range connect ${plantB.id}`,
      });
      const row = await test.ctx.db
        .selectFrom('plant_instance')
        .select('modbus_port')
        .where('id', '=', plantB.id)
        .executeTakeFirstOrThrow();
      const refused = await new Promise<boolean>((resolve) => {
        const socket = new Socket();
        socket.once('error', () => resolve(true));
        socket.connect({ host: '127.0.0.1', port: row.modbus_port }, () => {
          socket.destroy();
          resolve(false);
        });
      });
      expect(refused).toBe(true);
    });

    it("does not let trainee A reach B's plant with A's token (the same 404 as a made-up id)", async () => {
      const { token } = await tokenOf(traineeA, ['read', 'write']);
      for (const plantId of [plantB.id, '00000000-0000-0000-0000-000000000000']) {
        const port = await connect(token, plantId);
        const connection = await modbusClient(port);
        await connection.closed;
      }
      expect(refusals.filter((line) => line.includes('HTTP 404'))).toHaveLength(2);
      // A session cookie cannot open a tunnel (no other site can open one with the user's cookie).
      const viaCookie = await traineeB.request({
        method: 'GET',
        url: plantB.modbus.tunnel,
        headers: { connection: 'upgrade', upgrade: 'websocket' },
      });
      expect(viaCookie.statusCode).toBe(401);
    });

    it("serves B's plant to B's token, unchanged Modbus/TCP end to end, and names B on every write", async () => {
      const { token } = await tokenOf(traineeB, ['read', 'write']);
      const connection = await modbusClient(await connect(token, plantB.id));
      try {
        const read = await connection.client.readHoldingRegisters(0, 3);
        expect(read.response.body.values).toEqual([300, 50, 400]);
        await connection.client.writeSingleRegister(0, 420);
        const refused = await connection.client.writeSingleRegister(0, 9999).then(
          () => undefined,
          (error: { response?: { body?: { code?: number } } }) => error.response?.body?.code,
        );
        expect(refused).toBe(3);
      } finally {
        connection.close();
      }
      expect(plantRuntime(test.ctx).get(plantB.id)!.state.setpoints.tankLevelM).toBe(4.2);
      expect(plantRuntime(test.ctx).get(plantA.id)!.state.setpoints.tankLevelM).toBe(3);
      await plantRuntime(test.ctx).logged();
      const log = await test.ctx.db
        .selectFrom('audit_event')
        .select(['action', 'actor_id', 'detail'])
        .where('object_id', '=', plantB.id)
        .where('action', 'in', ['plant.setpoint', 'plant.modbus-connect'])
        .orderBy('seq')
        .execute();
      expect(log.map((entry) => [entry.action, entry.actor_id])).toEqual([
        ['plant.modbus-connect', bobId],
        ['plant.setpoint', bobId],
      ]);
      expect(JSON.parse(log[1]!.detail ?? '{}')).toMatchObject({
        source: 'modbus',
        channel: expect.stringMatching(/^modbus-tunnel /) as unknown,
        changes: { tankLevelM: 4.2 },
      });
    });

    it("gives B a pcap of B's Modbus traffic that tshark dissects as Modbus/TCP (not A)", async () => {
      const capture = await traineeB.get(`/api/plants/${plantB.id}/modbus.pcap`);
      expect(capture.statusCode).toBe(200);
      expect(capture.headers['content-type']).toBe('application/vnd.tcpdump.pcap');
      expect((await traineeA.get(`/api/plants/${plantB.id}/modbus.pcap`)).statusCode).toBe(404);
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'renkei-pcap-')), 'b.pcap');
      writeFileSync(file, capture.rawPayload);
      const { stdout } = await run('tshark', [
        '-r',
        file,
        '-o',
        'tcp.check_checksum:TRUE',
        '-Y',
        'mbtcp',
        '-T',
        'fields',
        '-e',
        'tcp.srcport',
        '-e',
        'modbus.func_code',
        '-e',
        'modbus.exception_code',
        '-e',
        'tcp.checksum.status',
      ]);
      const rows = stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t'));
      // Requests (from the client port) and responses (from 502): read holding registers, two writes (one refused: 03).
      expect(rows.filter(([port]) => port !== '502').map(([, code]) => code)).toEqual(['3', '6', '6']);
      expect(rows.filter(([port]) => port === '502').map(([, code, exception]) => `${code}/${exception}`)).toEqual([
        '3/',
        '6/',
        '6/3',
      ]);
      expect(rows.map((row) => row[3])).toEqual(rows.map(() => '1')); // 1: checksum good (verified)
    });

    it('answers writes through a read-only token with exception 01, and reads normally', async () => {
      const { token } = await tokenOf(traineeB, ['read']);
      const connection = await modbusClient(await connect(token, plantB.id));
      try {
        expect((await connection.client.readInputRegisters(0, 2)).response.body.values).toHaveLength(2);
        const refused = await connection.client.writeSingleCoil(0, false).then(
          () => undefined,
          (error: { response?: { body?: { code?: number } } }) => error.response?.body?.code,
        );
        expect(refused).toBe(1);
        expect(plantRuntime(test.ctx).get(plantB.id)!.state.setpoints.intakePumpOn).toBe(true);
      } finally {
        connection.close();
      }
    });

    it('closes an open tunnel when its token is revoked', async () => {
      const { id, token } = await tokenOf(traineeB, ['read', 'write']);
      const connection = await modbusClient(await connect(token, plantB.id));
      expect((await connection.client.readHoldingRegisters(0, 1)).response.body.values).toHaveLength(1);
      expect((await traineeB.delete(`/api/tokens/${id}`)).statusCode).toBe(204);
      await connection.closed;
      expect(refusals.some((line) => line.includes('1008'))).toBe(true);
    });
  });
}
