/**
 * One running plant: the model, its alarms, its Modbus/TCP server and its MQTT telemetry.
 * Each instance has a Modbus port of its own (bound to loopback or the range network only) and
 * a topic prefix of its own, so instances never see each other.
 * @module
 */
import { ServerTCP, type IServiceVector } from 'modbus-serial';
import { acknowledgeAlarm, evaluateAlarms, type Alarm } from './alarms.js';
import {
  COILS,
  DISCRETE_INPUTS,
  HOLDING_REGISTERS,
  INPUT_REGISTERS,
  readWrites,
  writeRegisters,
} from './register-map.js';
import { readInstruments, stepPlant, type Measurements, type PlantState, type Setpoints } from './water-plant.js';

/** Where telemetry goes: an MQTT client to an external broker, or the embedded broker. */
export interface TelemetryPublisher {
  publish(topic: string, payload: string, options: { qos: 0 | 1 }): void;
}

export type ChangeSource = 'api' | 'modbus' | 'sis';

/** Per-instance Modbus resource limits. */
export interface ModbusLimits {
  maxClients: number;
  /** Register and coil operations per second (a read of 10 registers is 10). */
  operationsPerSecond: number;
}

export interface SetpointChange {
  source: ChangeSource;
  changes: Partial<Setpoints>;
}

export interface PlantInstanceOptions {
  id: string;
  workspaceId: string;
  state: PlantState;
  /** Called for every set-point change (from any source) so it can be logged. */
  onChange?: (change: SetpointChange) => void;
}

/** MQTT topic scheme: `renkei/range/<instance>/telemetry` (JSON, each tick) and `…/alarms`. */
export function telemetryTopic(instanceId: string): string {
  return `renkei/range/${instanceId}/telemetry`;
}
export function alarmTopic(instanceId: string): string {
  return `renkei/range/${instanceId}/alarms`;
}

export class PlantInstance {
  readonly id: string;
  readonly workspaceId: string;
  state: PlantState;
  measured: Measurements;
  readonly alarms = new Map<string, Alarm>();
  private readonly areas = {
    input: Buffer.alloc(INPUT_REGISTERS.length * 2),
    holding: Buffer.alloc(HOLDING_REGISTERS.length * 2),
    coils: Buffer.alloc(Math.ceil(COILS.length / 8)),
    discrete: Buffer.alloc(Math.ceil(DISCRETE_INPUTS.length / 8)),
  };
  private modbusServer: ServerTCP | undefined;
  private readonly onChange: ((change: SetpointChange) => void) | undefined;

  constructor(options: PlantInstanceOptions) {
    this.id = options.id;
    this.workspaceId = options.workspaceId;
    this.state = options.state;
    this.onChange = options.onChange;
    this.measured = readInstruments(this.state);
    writeRegisters(this.areas, this.state, this.measured);
  }

  /** Advances the model, refreshes the Modbus view and the alarms; returns newly raised alarms. */
  step(dtS: number): Alarm[] {
    this.measured = stepPlant(this.state, dtS);
    writeRegisters(this.areas, this.state, this.measured);
    return evaluateAlarms(this.alarms, this.measured, this.state);
  }

  applySetpoints(changes: Partial<Setpoints>, source: ChangeSource): void {
    Object.assign(this.state.setpoints, changes);
    writeRegisters(this.areas, this.state, this.measured);
    if (Object.keys(changes).length > 0) this.onChange?.({ source, changes });
  }

  acknowledge(code: string): boolean {
    return acknowledgeAlarm(this.alarms, code);
  }

  /** The telemetry message published each tick. */
  telemetry(): Record<string, number | boolean | string> {
    const message: Record<string, number | boolean | string> = {
      instance: this.id,
      t: Math.round(this.state.process.timeS * 10) / 10,
      synthetic: true,
    };
    for (const register of INPUT_REGISTERS)
      message[register.name] = Math.round(register.read(this.measured, this.state) * register.scale) / register.scale;
    for (const [trip, isTripped] of Object.entries(this.state.safety.tripped)) message[`trip_${trip}`] = isTripped;
    return message;
  }

  publish(client: TelemetryPublisher): void {
    client.publish(telemetryTopic(this.id), JSON.stringify(this.telemetry()), { qos: 0 });
  }

  publishAlarms(client: TelemetryPublisher, raised: readonly Alarm[]): void {
    for (const alarm of raised)
      client.publish(alarmTopic(this.id), JSON.stringify({ instance: this.id, ...alarm }), { qos: 1 });
  }

  /**
   * Starts this instance's Modbus/TCP server (modbus-serial; function codes 1–6, 15, 16). Reads
   * and writes outside the register map get exception 02 (illegal data address).
   */
  async startModbus(
    host: string,
    port: number,
    limits: ModbusLimits = { maxClients: 8, operationsPerSecond: 2000 },
  ): Promise<void> {
    const areas = this.areas;
    const illegal = (address: number) =>
      Object.assign(new Error(`illegal data address ${address}`), { modbusErrorCode: 0x02 });
    // Resource limit: a token bucket of register/coil operations per second; a client that
    // floods its plant gets exception 06 (server device busy) instead of slowing the range down.
    let tokens = limits.operationsPerSecond;
    let refilledAt = Date.now();
    const busy = () => Object.assign(new Error('server device busy'), { modbusErrorCode: 0x06 });
    const check = (address: number, count: number) => {
      const now = Date.now();
      tokens = Math.min(limits.operationsPerSecond, tokens + ((now - refilledAt) / 1000) * limits.operationsPerSecond);
      refilledAt = now;
      if (tokens < 1) throw busy();
      tokens -= 1;
      if (!Number.isInteger(address) || address < 0 || address >= count) throw illegal(address);
    };
    const readBit = (buffer: Buffer, address: number) => ((buffer[address >> 3] ?? 0) & (1 << (address & 7))) !== 0;
    const applyClientWrites = () => this.applySetpoints(readWrites(areas, this.state.setpoints), 'modbus');
    const vector: IServiceVector = {
      getInputRegister: (address: number) => {
        check(address, INPUT_REGISTERS.length);
        return areas.input.readUInt16BE(address * 2);
      },
      getHoldingRegister: (address: number) => {
        check(address, HOLDING_REGISTERS.length);
        return areas.holding.readUInt16BE(address * 2);
      },
      getCoil: (address: number) => {
        check(address, COILS.length);
        return readBit(areas.coils, address);
      },
      getDiscreteInput: (address: number) => {
        check(address, DISCRETE_INPUTS.length);
        return readBit(areas.discrete, address);
      },
      setRegister: (address: number, value: number) => {
        check(address, HOLDING_REGISTERS.length);
        areas.holding.writeUInt16BE(value & 0xffff, address * 2);
        applyClientWrites();
      },
      setCoil: (address: number, value: boolean) => {
        check(address, COILS.length);
        const byte = areas.coils[address >> 3] ?? 0;
        areas.coils[address >> 3] = value ? byte | (1 << (address & 7)) : byte & ~(1 << (address & 7));
        applyClientWrites();
      },
    };
    const server = new ServerTCP(vector, { host, port, unitID: 1 });
    await new Promise<void>((resolve, reject) => {
      server.once('initialized', () => resolve());
      server.once('serverError', reject);
    });
    // Resource limit: clients at once (Node closes connections beyond it as they arrive).
    const listener = (server as unknown as { _server?: { maxConnections: number } })._server;
    if (listener) listener.maxConnections = limits.maxClients;
    this.modbusServer = server;
  }

  async stop(): Promise<void> {
    const server = this.modbusServer;
    this.modbusServer = undefined;
    if (!server) return;
    for (const socket of server.socks.keys()) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
