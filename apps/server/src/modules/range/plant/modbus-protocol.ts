/**
 * Modbus/TCP as the Modbus Application Protocol Specification V1.1b3 and the Messaging on TCP/IP
 * Implementation Guide V1.0b define it: MBAP framing and the server side of the public function
 * codes the plant supports. Pure (no I/O): a session feeds it bytes and writes back what it answers.
 *
 * Written here rather than taken from modbus-serial's server because the plant needs what that
 * server cannot give: exact exception codes (03 before 02, as the specification's state diagrams
 * order them), all-or-nothing multiple writes, answers to every function code, and one handler
 * that serves a TCP socket and an authenticated WebSocket tunnel alike (decision 0016).
 * @module
 */

/** Exception codes (specification section 7). */
export const EXCEPTION = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  serverDeviceFailure: 0x04,
  serverDeviceBusy: 0x06,
  gatewayTargetFailedToRespond: 0x0b,
} as const;

/** The device behind the protocol: four memory areas, with writes that are checked as a whole. */
export interface ModbusDevice {
  readonly counts: { coils: number; discreteInputs: number; holdingRegisters: number; inputRegisters: number };
  readBits(area: 'coils' | 'discreteInputs', start: number, quantity: number): boolean[];
  readRegisters(area: 'holdingRegisters' | 'inputRegisters', start: number, quantity: number): number[];
  /** Writes every value or none; returns an exception code to refuse (e.g. a value out of range). */
  writeCoils(start: number, values: readonly boolean[]): number | undefined;
  writeRegisters(start: number, values: readonly number[]): number | undefined;
  /** Read Device Identification objects 0x00–0x02 (vendor, product code, revision). */
  readonly identification: readonly [string, string, string];
}

export interface ModbusFrame {
  transactionId: number;
  unitId: number;
  pdu: Buffer;
}

/** A peer broke the MBAP framing (protocol id ≠ 0, impossible length): the connection must close. */
export class ModbusFramingError extends Error {}

/** MBAP header: transaction id (2), protocol id (2, always 0), length (2: unit id + PDU), unit id (1). */
const MBAP_LENGTH = 7;
/** The largest PDU (253 bytes, specification 4.1) plus the unit id. */
const MAX_LENGTH_FIELD = 254;

/** Reassembles frames from a byte stream (TCP segments and tunnel messages split them anywhere). */
export class ModbusFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** The complete frames in these bytes and what came before them; throws ModbusFramingError. */
  push(bytes: Buffer): ModbusFrame[] {
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const frames: ModbusFrame[] = [];
    while (this.pending.length >= MBAP_LENGTH) {
      const protocolId = this.pending.readUInt16BE(2);
      const length = this.pending.readUInt16BE(4);
      if (protocolId !== 0) throw new ModbusFramingError(`protocol identifier ${protocolId} is not Modbus (0)`);
      if (length < 2 || length > MAX_LENGTH_FIELD) throw new ModbusFramingError(`MBAP length ${length} out of range`);
      if (this.pending.length < 6 + length) break;
      frames.push({
        transactionId: this.pending.readUInt16BE(0),
        unitId: this.pending.readUInt8(6),
        pdu: Buffer.from(this.pending.subarray(MBAP_LENGTH, 6 + length)),
      });
      this.pending = this.pending.subarray(6 + length);
    }
    return frames;
  }
}

export function encodeFrame(transactionId: number, unitId: number, pdu: Buffer): Buffer {
  const header = Buffer.alloc(MBAP_LENGTH);
  header.writeUInt16BE(transactionId, 0);
  header.writeUInt16BE(0, 2);
  header.writeUInt16BE(pdu.length + 1, 4);
  header.writeUInt8(unitId, 6);
  return Buffer.concat([header, pdu]);
}

export function exceptionPdu(functionCode: number, code: number): Buffer {
  return Buffer.from([(functionCode | 0x80) & 0xff, code]);
}

/** Function codes that change the plant (refused with exception 01 on a read-only connection). */
export const WRITE_FUNCTIONS: ReadonlySet<number> = new Set([0x05, 0x06, 0x0f, 0x10]);

/** Unit identifiers this server answers: 1 (the plant's PLC) and 0/255, which TCP devices accept as "this device". */
export const ANSWERED_UNITS: ReadonlySet<number> = new Set([0, 1, 255]);

export interface AnswerOptions {
  /** False for a connection that may only read: write function codes get exception 01. */
  mayWrite: boolean;
}

/** The response PDU to one request PDU. */
export function answerRequest(device: ModbusDevice, request: Buffer, options: AnswerOptions): Buffer {
  const functionCode = request[0] ?? 0;
  const fail = (code: number) => exceptionPdu(functionCode, code);
  if (WRITE_FUNCTIONS.has(functionCode) && !options.mayWrite) return fail(EXCEPTION.illegalFunction);
  switch (functionCode) {
    case 0x01:
    case 0x02: {
      if (request.length !== 5) return fail(EXCEPTION.illegalDataValue);
      const start = request.readUInt16BE(1);
      const quantity = request.readUInt16BE(3);
      const area = functionCode === 0x01 ? 'coils' : 'discreteInputs';
      if (quantity < 1 || quantity > 2000) return fail(EXCEPTION.illegalDataValue);
      if (start + quantity > device.counts[area]) return fail(EXCEPTION.illegalDataAddress);
      const bits = device.readBits(area, start, quantity);
      const bytes = Buffer.alloc(Math.ceil(quantity / 8));
      bits.forEach((bit, index) => {
        if (bit) bytes[index >> 3] = (bytes[index >> 3] ?? 0) | (1 << (index & 7));
      });
      return Buffer.concat([Buffer.from([functionCode, bytes.length]), bytes]);
    }
    case 0x03:
    case 0x04: {
      if (request.length !== 5) return fail(EXCEPTION.illegalDataValue);
      const start = request.readUInt16BE(1);
      const quantity = request.readUInt16BE(3);
      const area = functionCode === 0x03 ? 'holdingRegisters' : 'inputRegisters';
      if (quantity < 1 || quantity > 125) return fail(EXCEPTION.illegalDataValue);
      if (start + quantity > device.counts[area]) return fail(EXCEPTION.illegalDataAddress);
      const values = device.readRegisters(area, start, quantity);
      const bytes = Buffer.alloc(quantity * 2);
      values.forEach((value, index) => bytes.writeUInt16BE(value & 0xffff, index * 2));
      return Buffer.concat([Buffer.from([functionCode, bytes.length]), bytes]);
    }
    case 0x05: {
      if (request.length !== 5) return fail(EXCEPTION.illegalDataValue);
      const address = request.readUInt16BE(1);
      const value = request.readUInt16BE(3);
      if (value !== 0x0000 && value !== 0xff00) return fail(EXCEPTION.illegalDataValue);
      if (address >= device.counts.coils) return fail(EXCEPTION.illegalDataAddress);
      const refused = device.writeCoils(address, [value === 0xff00]);
      return refused === undefined ? Buffer.from(request) : fail(refused);
    }
    case 0x06: {
      if (request.length !== 5) return fail(EXCEPTION.illegalDataValue);
      const address = request.readUInt16BE(1);
      if (address >= device.counts.holdingRegisters) return fail(EXCEPTION.illegalDataAddress);
      const refused = device.writeRegisters(address, [request.readUInt16BE(3)]);
      return refused === undefined ? Buffer.from(request) : fail(refused);
    }
    case 0x0f: {
      if (request.length < 6) return fail(EXCEPTION.illegalDataValue);
      const start = request.readUInt16BE(1);
      const quantity = request.readUInt16BE(3);
      const byteCount = request.readUInt8(5);
      if (
        quantity < 1 ||
        quantity > 0x07b0 ||
        byteCount !== Math.ceil(quantity / 8) ||
        request.length !== 6 + byteCount
      )
        return fail(EXCEPTION.illegalDataValue);
      if (start + quantity > device.counts.coils) return fail(EXCEPTION.illegalDataAddress);
      const values = Array.from(
        { length: quantity },
        (_, index) => ((request[6 + (index >> 3)] ?? 0) & (1 << (index & 7))) !== 0,
      );
      const refused = device.writeCoils(start, values);
      return refused === undefined ? Buffer.from(request.subarray(0, 5)) : fail(refused);
    }
    case 0x10: {
      if (request.length < 6) return fail(EXCEPTION.illegalDataValue);
      const start = request.readUInt16BE(1);
      const quantity = request.readUInt16BE(3);
      const byteCount = request.readUInt8(5);
      if (quantity < 1 || quantity > 0x007b || byteCount !== quantity * 2 || request.length !== 6 + byteCount)
        return fail(EXCEPTION.illegalDataValue);
      if (start + quantity > device.counts.holdingRegisters) return fail(EXCEPTION.illegalDataAddress);
      const values = Array.from({ length: quantity }, (_, index) => request.readUInt16BE(6 + index * 2));
      const refused = device.writeRegisters(start, values);
      return refused === undefined ? Buffer.from(request.subarray(0, 5)) : fail(refused);
    }
    case 0x2b:
      return readDeviceIdentification(device, request);
    default:
      // Includes 07, 08, 11, 12 and 17, which the specification defines for serial lines only.
      return fail(EXCEPTION.illegalFunction);
  }
}

/** Function 43 / MEI type 14 (specification 6.21), basic conformity level, stream and individual access. */
function readDeviceIdentification(device: ModbusDevice, request: Buffer): Buffer {
  const fail = (code: number) => exceptionPdu(0x2b, code);
  if (request.length !== 4 || request[1] !== 0x0e) return fail(EXCEPTION.illegalFunction);
  const readCode = request[2] ?? 0;
  const objectId = request[3] ?? 0;
  const objects = device.identification;
  if (readCode < 1 || readCode > 4) return fail(EXCEPTION.illegalDataValue);
  let ids: number[];
  if (readCode === 4) {
    if (objectId >= objects.length) return fail(EXCEPTION.illegalDataAddress);
    ids = [objectId];
  } else {
    // Regular and extended objects do not exist here: every stream request gets the basic ones, and
    // an unknown starting object restarts at 0 (as the specification says).
    ids = [0, 1, 2].filter((id) => id >= (objectId < objects.length ? objectId : 0));
  }
  const parts: Buffer[] = [Buffer.from([0x2b, 0x0e, readCode, 0x81, 0x00, 0x00, ids.length])];
  for (const id of ids) {
    const value = Buffer.from(objects[id] ?? '', 'latin1');
    parts.push(Buffer.from([id, value.length]), value);
  }
  return Buffer.concat(parts);
}
