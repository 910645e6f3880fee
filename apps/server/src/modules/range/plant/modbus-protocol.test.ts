/**
 * The plant's Modbus/TCP against the Modbus Application Protocol Specification V1.1b3, seen by
 * clients Renkei did not write: Debian's mbpoll (libmodbus) and raw bytes on a socket.
 */
import { execFile } from 'node:child_process';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { freePort } from '../../../../test/modbus-clients.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlantInstance } from './plant-instance.js';
import { parseAllowList } from './plant-runtime.js';
import { createPlant } from './water-plant.js';

const run = promisify(execFile);

/** A raw Modbus/TCP connection: send a PDU (or any bytes), read the next answer. */
async function rawClient(port: number) {
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
    socket.connect({ host: '127.0.0.1', port });
  });
  let transaction = 0;
  let received = Buffer.alloc(0);
  const waiting: (() => void)[] = [];
  socket.on('data', (bytes: Buffer) => {
    received = Buffer.concat([received, bytes]);
    waiting.splice(0).forEach((wake) => wake());
  });
  const nextFrame = async (): Promise<Buffer> => {
    while (received.length < 6 || received.length < 6 + received.readUInt16BE(4))
      await new Promise<void>((resolve) => waiting.push(resolve));
    const frame = received.subarray(0, 6 + received.readUInt16BE(4));
    received = received.subarray(frame.length);
    return frame;
  };
  return {
    socket,
    /** Sends a request PDU to a unit; resolves with the answer's PDU (checking the MBAP header). */
    async request(pdu: number[], unitId = 1): Promise<number[]> {
      transaction = (transaction + 1) & 0xffff;
      const frame = Buffer.alloc(7 + pdu.length);
      frame.writeUInt16BE(transaction, 0);
      frame.writeUInt16BE(0, 2);
      frame.writeUInt16BE(pdu.length + 1, 4);
      frame.writeUInt8(unitId, 6);
      Buffer.from(pdu).copy(frame, 7);
      socket.write(frame);
      const answer = await nextFrame();
      expect(answer.readUInt16BE(0)).toBe(transaction);
      expect(answer.readUInt16BE(2)).toBe(0);
      expect(answer.readUInt8(6)).toBe(unitId);
      return [...answer.subarray(7)];
    },
    nextFrame,
    close: () => socket.destroy(),
  };
}

const u16 = (value: number) => [value >> 8, value & 0xff];

describe('Modbus/TCP conformance', () => {
  const instance = new PlantInstance({ id: 'conformance', workspaceId: 'ws', state: createPlant(21) });
  let port: number;
  let client: Awaited<ReturnType<typeof rawClient>>;

  beforeAll(async () => {
    instance.step(0.1);
    port = await freePort();
    await instance.startModbus('127.0.0.1', port, parseAllowList(''));
    client = await rawClient(port);
  });
  afterAll(async () => {
    client.close();
    await instance.stop();
  });

  it('answers FC 5 with a value other than 0x0000/0xFF00 with exception 03 and changes nothing', async () => {
    expect(await client.request([0x05, ...u16(0), ...u16(0x1234)])).toEqual([0x85, 0x03]);
    expect(instance.state.setpoints.intakePumpOn).toBe(true);
    expect(await client.request([0x05, ...u16(0), ...u16(0x0000)])).toEqual([0x05, 0, 0, 0, 0]);
    expect(instance.state.setpoints.intakePumpOn).toBe(false);
    expect(await client.request([0x05, ...u16(0), ...u16(0xff00)])).toEqual([0x05, 0, 0, 0xff, 0]);
  });

  it('writes nothing of an FC 15 or FC 16 range that reaches an unmapped address (exception 02)', async () => {
    const before = { ...instance.state.setpoints };
    // Coils 2..5: 4 and 5 do not exist.
    expect(await client.request([0x0f, ...u16(2), ...u16(4), 1, 0b0000])).toEqual([0x8f, 0x02]);
    // Holding registers 2..4 (pressure, manual output, unmapped): 3.50 bar, 10.0 %, anything.
    expect(await client.request([0x10, ...u16(2), ...u16(3), 6, ...u16(350), ...u16(100), ...u16(1)])).toEqual([
      0x90, 0x02,
    ]);
    expect(instance.state.setpoints).toEqual(before);
  });

  it('refuses a whole FC 16 write when one value is out of range (exception 03)', async () => {
    const before = { ...instance.state.setpoints };
    expect(await client.request([0x10, ...u16(0), ...u16(2), 4, ...u16(350), ...u16(900)])).toEqual([0x90, 0x03]);
    expect(instance.state.setpoints).toEqual(before);
    expect(await client.request([0x10, ...u16(0), ...u16(2), 4, ...u16(350), ...u16(90)])).toEqual([
      0x10,
      ...u16(0),
      ...u16(2),
    ]);
    expect(instance.state.setpoints).toMatchObject({ tankLevelM: 3.5, chlorineMgL: 0.9 });
  });

  it('answers quantity 0, more than 125 registers or more than 2000 bits with exception 03 (before 02)', async () => {
    expect(await client.request([0x03, ...u16(0), ...u16(0)])).toEqual([0x83, 0x03]);
    expect(await client.request([0x04, ...u16(0), ...u16(126)])).toEqual([0x84, 0x03]);
    expect(await client.request([0x01, ...u16(0), ...u16(2001)])).toEqual([0x81, 0x03]);
    expect(await client.request([0x02, ...u16(0), ...u16(0)])).toEqual([0x82, 0x03]);
    // 124 registers (more than 123) with a byte count that matches: still 03.
    expect(await client.request([0x10, ...u16(0), ...u16(124), 248])).toEqual([0x90, 0x03]);
    // A valid quantity at a bad address is 02.
    expect(await client.request([0x04, ...u16(100), ...u16(125)])).toEqual([0x84, 0x02]);
    // A byte count that does not match the quantity is 03.
    expect(await client.request([0x0f, ...u16(0), ...u16(4), 2, 0, 0])).toEqual([0x8f, 0x03]);
  });

  it('answers serial-line-only and unknown function codes with exception 01', async () => {
    for (const functionCode of [0x07, 0x08, 0x0b, 0x0c, 0x11, 0x14, 0x16, 0x17, 0x41])
      expect(await client.request([functionCode, 0, 0, 0, 0].slice(0, functionCode === 0x07 ? 1 : 5))).toEqual([
        functionCode | 0x80,
        0x01,
      ]);
  });

  it('identifies itself through FC 43 / MEI 14 (basic objects, stream and individual access)', async () => {
    const stream = await client.request([0x2b, 0x0e, 0x01, 0x00]);
    expect(stream.slice(0, 7)).toEqual([0x2b, 0x0e, 0x01, 0x81, 0x00, 0x00, 3]);
    expect(Buffer.from(stream.slice(9, 9 + (stream[8] ?? 0))).toString('latin1')).toBe('Renkei');
    const individual = await client.request([0x2b, 0x0e, 0x04, 0x02]);
    expect(individual.slice(0, 9)).toEqual([0x2b, 0x0e, 0x04, 0x81, 0x00, 0x00, 1, 0x02, 3]);
    expect(await client.request([0x2b, 0x0e, 0x04, 0x09])).toEqual([0xab, 0x02]);
    expect(await client.request([0x2b, 0x0e, 0x05, 0x00])).toEqual([0xab, 0x03]);
  });

  it('answers only its own unit identifiers (1, and 0/255 for "this device")', async () => {
    expect((await client.request([0x03, ...u16(0), ...u16(1)], 255))[0]).toBe(0x03);
    expect((await client.request([0x03, ...u16(0), ...u16(1)], 0))[0]).toBe(0x03);
    expect(await client.request([0x03, ...u16(0), ...u16(1)], 7)).toEqual([0x83, 0x0b]);
  });

  it('reassembles frames split across TCP segments and answers pipelined requests in order', async () => {
    const first = Buffer.from([0, 0x51, 0, 0, 0, 6, 1, 0x04, 0, 0, 0, 1]);
    const second = Buffer.from([0, 0x52, 0, 0, 0, 6, 1, 0x03, 0, 0, 0, 2]);
    const bytes = Buffer.concat([first, second]);
    client.socket.write(bytes.subarray(0, 5));
    await new Promise((resolve) => setImmediate(resolve));
    client.socket.write(bytes.subarray(5));
    const answers = [await client.nextFrame(), await client.nextFrame()];
    expect(answers.map((answer) => answer.readUInt16BE(0))).toEqual([0x51, 0x52]);
    expect([...answers[1]!.subarray(7, 9)]).toEqual([0x03, 4]);
  });

  it('closes the connection on a protocol identifier other than 0', async () => {
    const other = await rawClient(port);
    const closed = new Promise<boolean>((resolve) => other.socket.once('close', () => resolve(true)));
    other.socket.write(Buffer.from([0, 1, 0, 9, 0, 6, 1, 0x03, 0, 0, 0, 1]));
    expect(await closed).toBe(true);
  });

  describe('with Debian mbpoll (libmodbus), an independent client', () => {
    /** mbpoll with these options against the plant, writing `values` if any (-o 10: a loaded CI machine is not a timeout). */
    const mbpoll = (options: string[], values: string[] = []) =>
      run(
        'mbpoll',
        ['-m', 'tcp', '-a', '1', '-0', '-1', '-o', '10', '-p', String(port), ...options, '127.0.0.1', ...values],
        {
          encoding: 'utf8',
        },
      ).then(
        ({ stdout }) => ({ ok: true, output: stdout }),
        (error: { stdout?: string; stderr?: string }) => ({
          ok: false,
          output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      );

    it('reads set-points and writes one', async () => {
      const written = await mbpoll(['-t', '4', '-r', '0'], ['420']);
      expect(written.ok).toBe(true);
      expect(instance.state.setpoints.tankLevelM).toBe(4.2);
      const read = await mbpoll(['-t', '4', '-r', '0', '-c', '3']);
      expect(read.output).toMatch(/\[0\]:\s+420/);
      expect(read.output).toMatch(/\[2\]:\s+400/);
    });

    it('sees "Illegal data value" for an out-of-range set-point and "Illegal data address" past the map', async () => {
      const refused = await mbpoll(['-t', '4', '-r', '0'], ['9999']);
      expect(refused.ok).toBe(false);
      expect(refused.output).toMatch(/Illegal data value/);
      expect(instance.state.setpoints.tankLevelM).toBe(4.2);
      const past = await mbpoll(['-t', '0', '-r', '2', '-c', '5']);
      expect(past.output).toMatch(/Illegal data address/);
    });
  });
});
