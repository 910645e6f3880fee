import mqtt from 'mqtt';
import { freePort, modbusClient } from '../../../../test/modbus-clients.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlantInstance, telemetryTopic, type SetpointChange } from './plant-instance.js';
import { parseAllowList } from './plant-runtime.js';
import { createPlant } from './water-plant.js';

const MQTT_URL = process.env['TEST_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';

describe('plant instance over real protocols', () => {
  const changes: SetpointChange[] = [];
  const instance = new PlantInstance({
    id: 'test-instance',
    workspaceId: 'ws',
    state: createPlant(11),
    onChange: (change) => changes.push(change),
  });
  let port: number;
  let connection: Awaited<ReturnType<typeof modbusClient>>;

  beforeAll(async () => {
    for (let i = 0; i < 10; i++) instance.step(0.1);
    port = await freePort();
    await instance.startModbus('127.0.0.1', port, parseAllowList(''));
    connection = await modbusClient(port);
  });
  afterAll(async () => {
    connection.close();
    await instance.stop();
  });

  it('serves measurements as input registers (FC 4) and trips as discrete inputs (FC 2)', async () => {
    const { response } = await connection.client.readInputRegisters(0, 16);
    const values = response.body.values as number[];
    expect(values[0]).toBeGreaterThan(280); // tank level 3.00 m ×100
    expect(values[0]).toBeLessThan(320);
    expect(values[1]).toBeGreaterThan(40); // chlorine 0.5 mg/L ×100
    const trips = await connection.client.readDiscreteInputs(0, 8);
    expect((trips.response.body.valuesAsArray as number[]).slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('takes set-points written as holding registers (FC 6, 16) and commands as coils (FC 5, 15)', async () => {
    await connection.client.writeSingleRegister(0, 450);
    expect(instance.state.setpoints.tankLevelM).toBe(4.5);
    await connection.client.writeMultipleRegisters(1, [80, 420]);
    expect(instance.state.setpoints).toMatchObject({ chlorineMgL: 0.8, pressureBar: 4.2 });
    await connection.client.writeSingleCoil(2, false);
    expect(instance.state.setpoints.chlorinePumpOn).toBe(false);
    await connection.client.writeMultipleCoils(0, [true, true, true, true]);
    expect(instance.state.setpoints).toMatchObject({ chlorinePumpOn: true, chlorineManual: true });
    const read = await connection.client.readHoldingRegisters(0, 3);
    expect(read.response.body.values).toEqual([450, 80, 420]);
    const coils = await connection.client.readCoils(0, 4);
    expect((coils.response.body.valuesAsArray as number[]).slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(changes.every((change) => change.source === 'modbus')).toBe(true);
    expect(changes.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses set-points outside the controller limits with exception 03, as the API answers 400', async () => {
    const refused = await connection.client.writeSingleRegister(0, 9999).then(
      () => undefined,
      (error: { response?: { body?: { code?: number } } }) => error.response?.body?.code,
    );
    expect(refused).toBe(3);
    expect(instance.state.setpoints.tankLevelM).toBe(4.5);
  });

  it('attributes every write to the connection it came through', () => {
    expect(changes.every((change) => change.channel?.startsWith('modbus-tcp 127.0.0.1:'))).toBe(true);
    expect(changes.every((change) => change.actorId === null)).toBe(true);
  });

  it('answers bad addresses with a Modbus exception, not a crash', async () => {
    const exceptionOf = async (request: Promise<unknown>) => {
      const error = (await request.then(() => undefined).catch((caught: unknown) => caught)) as
        { response?: { body: { isException: boolean; fc: number; code: number; message: string } } } | undefined;
      const body = error?.response?.body;
      return body && { isException: body.isException, fc: body.fc, code: body.code, message: body.message };
    };
    expect(await exceptionOf(connection.client.readInputRegisters(100, 2))).toEqual({
      isException: true,
      fc: 0x04,
      code: 2,
      message: 'ILLEGAL DATA ADDRESS',
    });
    expect(await exceptionOf(connection.client.writeSingleRegister(50, 1))).toMatchObject({
      isException: true,
      code: 2,
    });
    expect(await exceptionOf(connection.client.readCoils(4, 10))).toMatchObject({ isException: true, code: 2 });
    const { response } = await connection.client.readInputRegisters(0, 1);
    expect(response.body.values).toHaveLength(1);
  });

  it('publishes telemetry to an MQTT broker (Mosquitto) under its own topic', async () => {
    const subscriber = await mqtt.connectAsync(MQTT_URL);
    const publisher = await mqtt.connectAsync(MQTT_URL);
    try {
      const received = new Promise<Record<string, unknown>>((resolve) => {
        subscriber.on('message', (_topic, payload) =>
          resolve(JSON.parse(payload.toString()) as Record<string, unknown>),
        );
      });
      await subscriber.subscribeAsync(telemetryTopic(instance.id));
      instance.publish(publisher);
      const message = await received;
      expect(message).toMatchObject({ instance: 'test-instance', synthetic: true, trip_high_level: false });
      expect(message['tank_level']).toBeGreaterThan(2.5);
    } finally {
      await subscriber.endAsync();
      await publisher.endAsync();
    }
  });
});

describe('per-instance resource limits', () => {
  let now = 1_000_000;
  const instance = new PlantInstance({
    id: 'limited-instance',
    workspaceId: 'ws',
    state: createPlant(12),
    onChange: () => undefined,
    modbusLimits: { maxClients: 2, operationsPerSecond: 50 },
    clock: () => now,
  });
  let port: number;

  beforeAll(async () => {
    instance.step(0.1);
    port = await freePort();
    await instance.startModbus('127.0.0.1', port, parseAllowList(''));
  });
  afterAll(() => instance.stop());

  it('answers a client that floods its plant with exception 06 (busy), and serves again after a pause', async () => {
    const connection = await modbusClient(port);
    try {
      const codes: (number | 'ok')[] = [];
      for (let i = 0; i < 6; i++) {
        codes.push(
          await connection.client.readInputRegisters(0, 16).then(
            () => 'ok' as const,
            (error: { response?: { body?: { code?: number } } }) => error.response?.body?.code ?? -1,
          ),
        );
      }
      expect(codes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(codes).toContain(6);
      now += 1000; // the bucket refills at 50 operations per (injected) second
      expect((await connection.client.readInputRegisters(0, 16)).response.body.values).toHaveLength(16);
    } finally {
      connection.close();
    }
  });

  it('refuses clients beyond the limit', async () => {
    now += 1000;
    const first = await modbusClient(port);
    const second = await modbusClient(port);
    const third = await modbusClient(port);
    try {
      const closed = await new Promise<boolean>((resolve) => {
        third.socket.once('close', () => resolve(true));
        setTimeout(() => resolve(false), 2000);
      });
      expect(closed).toBe(true);
      expect((await first.client.readHoldingRegisters(0, 1)).response.body.values).toHaveLength(1);
      expect((await second.client.readHoldingRegisters(0, 1)).response.body.values).toHaveLength(1);
    } finally {
      first.close();
      second.close();
      third.close();
    }
  });
});

describe('direct Modbus allow-list', () => {
  it('closes connections from addresses outside the allow-list before answering anything', async () => {
    const instance = new PlantInstance({ id: 'allow-list', workspaceId: 'ws', state: createPlant(13) });
    const port = await freePort();
    await instance.startModbus('127.0.0.1', port, parseAllowList('192.0.2.0/24'));
    try {
      const connection = await modbusClient(port);
      const closed = await new Promise<boolean>((resolve) => {
        connection.socket.once('close', () => resolve(true));
        connection.socket.once('data', () => resolve(false));
        connection.socket.write(Buffer.from([0, 1, 0, 0, 0, 6, 1, 4, 0, 0, 0, 1]));
      });
      expect(closed).toBe(true);
      expect(instance.modbusClientCount).toBe(0);
    } finally {
      await instance.stop();
    }
  });

  it('rejects an allow-list entry that is not an address', () => {
    expect(() => parseAllowList('10.0.0.0/8, plant.example')).toThrow(/plant.example/);
    expect(parseAllowList('10.0.0.0/8,::1').check('10.1.2.3')).toBe(true);
  });
});
