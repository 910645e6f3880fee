/**
 * One running plant: the model, its alarms, its Modbus/TCP sessions and its MQTT telemetry.
 * Modbus reaches an instance through the authenticated tunnel (each session named by its user)
 * or, where the organiser switches it on, a port of its own with an address allow-list
 * (decision 0016); each instance has a topic prefix of its own, so instances never see each other.
 * @module
 */
import { createServer, type BlockList, type Server } from 'node:net';
import type { ScenarioEventOptions } from '@renkei/contracts';
import { TcpConversation, pcapFile, type CapturedPacket } from '@renkei/pcap';
import { acknowledgeAlarm, evaluateAlarms, type Alarm, type AlarmEvent, type AlarmTimers } from './alarms.js';
import {
  ANSWERED_UNITS,
  EXCEPTION,
  ModbusFramer,
  ModbusFramingError,
  answerRequest,
  encodeFrame,
  exceptionPdu,
  type ModbusDevice,
  type ModbusFrame,
} from './modbus-protocol.js';
import {
  COILS,
  DISCRETE_INPUTS,
  HOLDING_REGISTERS,
  INPUT_REGISTERS,
  registerWrites,
  writeRegisters,
} from './register-map.js';
import { startScenarioEvent, type ScenarioEventKind, type StartedScenarioEvent } from './scenario-events.js';
import {
  TRIPS,
  readInstruments,
  stepPlant,
  type Measurements,
  type PlantState,
  type Setpoints,
} from './water-plant.js';

/** Where telemetry goes: an MQTT client to an external broker, or the embedded broker. */
export interface TelemetryPublisher {
  publish(topic: string, payload: string, options: { qos: 0 | 1 }): void;
}

export type ChangeSource = 'api' | 'agent' | 'modbus' | 'opcua' | 'sis';

/** Who changed the plant, and through what (a user through the API, a Modbus connection, the SIS). */
export interface ChangeOrigin {
  source: ChangeSource;
  /** The user behind the change, when one is known (null: e.g. a direct Modbus connection). */
  actorId?: string | null;
  /** The channel, e.g. `modbus-tunnel 10.0.0.5` or `modbus-tcp 127.0.0.1:50211`. */
  channel?: string;
}

export interface SetpointChange extends ChangeOrigin {
  changes: Partial<Setpoints>;
}

/** Per-instance Modbus resource limits. */
export interface ModbusLimits {
  /** Sessions at once, tunnel and TCP together. */
  maxClients: number;
  /** Register and coil operations per second (a read of 10 registers is 10). */
  operationsPerSecond: number;
}

/** The other end of a Modbus session. */
export interface ModbusPeer {
  actorId: string | null;
  channel: string;
  /** False: write function codes are answered with exception 01. */
  mayWrite: boolean;
}

/** A byte stream to the peer. */
export interface ByteTransport {
  send(bytes: Buffer): void;
  close(): void;
}

export interface ModbusSession {
  readonly peer: ModbusPeer;
  receive(bytes: Buffer): void;
  close(): void;
}

/** A fault or attack an instructor put on the plant: scheduled, running, or over. */
export interface ScenarioEvent {
  id: string;
  kind: ScenarioEventKind;
  /** Simulated seconds of this run. */
  startS: number;
  endS: number;
  actorId: string | null;
  options: ScenarioEventOptions;
  started?: StartedScenarioEvent;
  isOver?: boolean;
}

export interface PlantInstanceOptions {
  id: string;
  workspaceId: string;
  state: PlantState;
  /** The historian's run (reset and restore start a new one); 1 by default. */
  run?: number;
  /** Called for every set-point change (from any source) so it can be logged. */
  onChange?: (change: SetpointChange) => void;
  modbusLimits?: ModbusLimits;
  /** Milliseconds, for the Modbus rate limit (tests inject one). */
  clock?: () => number;
}

/** Packets of Modbus traffic kept per plant for its capture file (about 1–2 MB). */
const MODBUS_CAPTURE_PACKETS = 20_000;

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
  readonly run: number;
  state: PlantState;
  measured: Measurements;
  readonly alarms = new Map<string, Alarm>();
  private readonly alarmTimers: AlarmTimers = new Map();
  /** Raises, clears and acknowledgements not yet published. */
  private alarmOutbox: AlarmEvent[] = [];
  /** Simulated seconds per real second; 0 pauses the plant (instructors set it; not persisted). */
  speed = 1;
  /** Faults and attacks put on by an instructor, in start order (kept for the run's view). */
  readonly scenario: ScenarioEvent[] = [];
  /** Called when a scenario event starts or ends (the runtime records it). */
  onScenario: ((event: ScenarioEvent, phase: 'start' | 'end') => void) | undefined;
  private readonly areas = {
    input: Buffer.alloc(INPUT_REGISTERS.length * 2),
    holding: Buffer.alloc(HOLDING_REGISTERS.length * 2),
    coils: Buffer.alloc(Math.ceil(COILS.length / 8)),
    discrete: Buffer.alloc(Math.ceil(DISCRETE_INPUTS.length / 8)),
  };
  private modbusServer: Server | undefined;
  /** The last MODBUS_CAPTURE_PACKETS packets of this plant's Modbus traffic, for its pcap. */
  private readonly capture: CapturedPacket[] = [];
  private capturedSessions = 0;
  private readonly modbusSessions = new Set<ModbusSession>();
  private readonly modbusLimits: ModbusLimits;
  private modbusTokens: number;
  private modbusRefilledAt: number;
  private readonly clock: () => number;
  private readonly onChange: ((change: SetpointChange) => void) | undefined;

  constructor(options: PlantInstanceOptions) {
    this.id = options.id;
    this.workspaceId = options.workspaceId;
    this.run = options.run ?? 1;
    this.state = options.state;
    this.onChange = options.onChange;
    this.modbusLimits = options.modbusLimits ?? { maxClients: 8, operationsPerSecond: 2000 };
    this.clock = options.clock ?? Date.now;
    this.modbusTokens = this.modbusLimits.operationsPerSecond;
    this.modbusRefilledAt = this.clock();
    this.measured = readInstruments(this.state);
    writeRegisters(this.areas, this.state, this.measured);
  }

  /** Advances the model, refreshes the Modbus view and the alarms; returns what alarms did. */
  step(dtS: number): AlarmEvent[] {
    this.applyScenario();
    // As SCADA sees it: a spoofed transmitter fools Modbus, MQTT, the HMI and the alarms.
    this.measured = stepPlant(this.state, dtS);
    writeRegisters(this.areas, this.state, this.measured);
    const events = evaluateAlarms(this.alarms, this.measured, this.state, this.alarmTimers);
    if (events.length > 0) this.alarmOutbox.push(...events);
    return events;
  }

  /** Puts a fault or attack on the plant `startInS` simulated seconds from now, for `durationS`. */
  scheduleScenarioEvent(
    id: string,
    kind: ScenarioEventKind,
    options: { startInS: number; durationS: number; actorId: string | null } & ScenarioEventOptions,
  ): ScenarioEvent {
    const startS = this.state.process.timeS + options.startInS;
    const event: ScenarioEvent = {
      id,
      kind,
      startS,
      endS: startS + options.durationS,
      actorId: options.actorId,
      options: { magnitude: options.magnitude, spoofMode: options.spoofMode, spoofReaches: options.spoofReaches },
    };
    this.scenario.push(event);
    return event; // it starts at the next step
  }

  /** The label of the current moment: the active scenario events' kinds, or `normal`. */
  label(): string {
    const active = this.scenario.filter((event) => event.started && !event.isOver).map((event) => event.kind);
    return active.length > 0 ? active.join('+') : 'normal';
  }

  private applyScenario(): void {
    const now = this.state.process.timeS;
    for (const event of this.scenario) {
      if (event.isOver) continue;
      if (!event.started && now >= event.startS - 1e-9) {
        event.started = startScenarioEvent(this.state, event.kind, event.options);
        this.onScenario?.(event, 'start');
      }
      if (event.started && now >= event.endS - 1e-9) {
        event.started.restore();
        event.isOver = true;
        this.onScenario?.(event, 'end');
      }
    }
  }

  applySetpoints(changes: Partial<Setpoints>, origin: ChangeOrigin): void {
    Object.assign(this.state.setpoints, changes);
    writeRegisters(this.areas, this.state, this.measured);
    if (Object.keys(changes).length > 0) this.onChange?.({ ...origin, changes });
  }

  acknowledge(code: string): boolean {
    const alarm = acknowledgeAlarm(this.alarms, code);
    if (alarm) this.alarmOutbox.push({ event: 'ack', alarm });
    return alarm !== undefined;
  }

  /** The alarm events since the last call (to publish), oldest first. */
  drainAlarmEvents(): AlarmEvent[] {
    const events = this.alarmOutbox;
    this.alarmOutbox = [];
    return events;
  }

  /** The telemetry message published each tick. */
  telemetry(): Record<string, number | boolean | string> {
    const message: Record<string, number | boolean | string> = {
      instance: this.id,
      run: this.run,
      t: Math.round(this.state.process.timeS * 10) / 10,
      synthetic: true,
    };
    for (const register of INPUT_REGISTERS)
      message[register.name] = Math.round(register.read(this.measured, this.state) * register.scale) / register.scale;
    for (const trip of TRIPS) message[`trip_${trip}`] = this.state.safety.tripped[trip];
    // What an operator (or an attacker) can set, so a detector sees causes as well as effects.
    for (const register of HOLDING_REGISTERS)
      message[register.name] = Math.round(this.state.setpoints[register.key] * register.scale) / register.scale;
    for (const coil of COILS) message[coil.name] = this.state.setpoints[coil.key];
    for (const trip of TRIPS) message[`bypass_${trip}`] = this.state.safety.bypassed[trip];
    message['label'] = this.label();
    return message;
  }

  publish(client: TelemetryPublisher): void {
    client.publish(telemetryTopic(this.id), JSON.stringify(this.telemetry()), { qos: 0 });
  }

  /** Raises, clears and acknowledgements on the alarm topic (QoS 1), as an alarm client expects them. */
  publishAlarms(client: TelemetryPublisher, events: readonly AlarmEvent[]): void {
    for (const { event, alarm } of events)
      client.publish(
        alarmTopic(this.id),
        JSON.stringify({ instance: this.id, event, ...alarm, t: Math.round(this.state.process.timeS * 10) / 10 }),
        { qos: 1 },
      );
  }

  /**
   * Opens a Modbus/TCP session over any byte transport (a TCP socket, an authenticated tunnel):
   * `receive` takes the peer's bytes, answers go out through `transport.send`. Undefined when the
   * instance already serves its maximum of clients.
   */
  openModbusSession(peer: ModbusPeer, transport: ByteTransport): ModbusSession | undefined {
    if (this.modbusSessions.size >= this.modbusLimits.maxClients) return undefined;
    const framer = new ModbusFramer();
    const device = this.modbusDevice(peer);
    // The capture shows each session as its own TCP conversation with the plant's PLC on port
    // 502, from 10.0.<session>.2 (the real address and user are in the plant's events).
    this.capturedSessions += 1;
    const conversation = new TcpConversation(
      {
        ip: `10.${(this.capturedSessions >> 8) & 0xff}.${this.capturedSessions & 0xff}.2`,
        port: 40000 + (this.capturedSessions % 20000),
      },
      { ip: '10.0.0.1', port: 502 },
    );
    const record = (fromClient: boolean, bytes: Buffer) => {
      this.capture.push({ atMs: this.clock(), frame: conversation.frame(fromClient, bytes) });
      if (this.capture.length > MODBUS_CAPTURE_PACKETS)
        this.capture.splice(0, this.capture.length - MODBUS_CAPTURE_PACKETS);
    };
    const session: ModbusSession = {
      peer,
      receive: (bytes) => {
        record(true, bytes);
        let frames;
        try {
          frames = framer.push(bytes);
        } catch (error) {
          // Not Modbus/TCP: the specification says to close the connection.
          if (error instanceof ModbusFramingError) session.close();
          return;
        }
        for (const frame of frames) {
          const answer = encodeFrame(frame.transactionId, frame.unitId, this.answer(device, frame, peer));
          record(false, answer);
          transport.send(answer);
        }
      },
      close: () => {
        if (!this.modbusSessions.delete(session)) return;
        transport.close();
      },
    };
    this.modbusSessions.add(session);
    return session;
  }

  /** This plant's recent Modbus/TCP traffic as a capture file (Wireshark, tshark). */
  modbusCapture(): Uint8Array {
    return pcapFile(this.capture);
  }

  /** Modbus sessions open now (TCP and tunnel). */
  get modbusClientCount(): number {
    return this.modbusSessions.size;
  }

  private answer(device: ModbusDevice, frame: ModbusFrame, peer: ModbusPeer): Buffer {
    const functionCode = frame.pdu[0] ?? 0;
    if (!ANSWERED_UNITS.has(frame.unitId)) return exceptionPdu(functionCode, EXCEPTION.gatewayTargetFailedToRespond);
    // Resource limit: a token bucket of register/coil operations per second; a client that floods
    // its plant gets exception 06 (server device busy) instead of slowing the range down.
    const now = this.clock();
    const rate = this.modbusLimits.operationsPerSecond;
    this.modbusTokens = Math.min(rate, this.modbusTokens + ((now - this.modbusRefilledAt) / 1000) * rate);
    this.modbusRefilledAt = now;
    if (this.modbusTokens < 1) return exceptionPdu(functionCode, EXCEPTION.serverDeviceBusy);
    const answer = answerRequest(device, frame.pdu, { mayWrite: peer.mayWrite });
    // What was served is paid for (a read of 100 registers costs 100, and may overdraw the bucket).
    const isServed = (answer[0] ?? 0) < 0x80;
    const isRange = [0x01, 0x02, 0x03, 0x04, 0x0f, 0x10].includes(functionCode);
    this.modbusTokens -= isServed && isRange ? frame.pdu.readUInt16BE(3) : 1;
    return answer;
  }

  /** The memory areas as a Modbus device; writes are checked as a whole and attributed to the peer. */
  private modbusDevice(peer: ModbusPeer): ModbusDevice {
    const areas = this.areas;
    const readBit = (buffer: Buffer, address: number) => ((buffer[address >> 3] ?? 0) & (1 << (address & 7))) !== 0;
    const origin: ChangeOrigin = { source: 'modbus', actorId: peer.actorId, channel: peer.channel };
    return {
      counts: {
        coils: COILS.length,
        discreteInputs: DISCRETE_INPUTS.length,
        holdingRegisters: HOLDING_REGISTERS.length,
        inputRegisters: INPUT_REGISTERS.length,
      },
      identification: ['Renkei', 'Renkei Range water-treatment plant (simulated)', '1.0'],
      readBits: (area, start, quantity) =>
        Array.from({ length: quantity }, (_, index) =>
          readBit(area === 'coils' ? areas.coils : areas.discrete, start + index),
        ),
      readRegisters: (area, start, quantity) =>
        Array.from({ length: quantity }, (_, index) =>
          (area === 'holdingRegisters' ? areas.holding : areas.input).readUInt16BE((start + index) * 2),
        ),
      writeCoils: (start, values) => {
        const changes: Partial<Setpoints> = {};
        values.forEach((value, index) => {
          const coil = COILS[start + index];
          if (coil && this.state.setpoints[coil.key] !== value) changes[coil.key] = value;
        });
        this.applySetpoints(changes, origin);
        return undefined;
      },
      writeRegisters: (start, values) => {
        const changes = registerWrites(start, values, this.state.setpoints);
        // Out of the set-point's range: refused as a whole (exception 03), as the API answers 400.
        if (changes === undefined) return EXCEPTION.illegalDataValue;
        this.applySetpoints(changes, origin);
        return undefined;
      },
    };
  }

  /**
   * Serves Modbus/TCP directly on a port (off unless RENKEI_RANGE_MODBUS_DIRECT; decision 0016):
   * connections from addresses outside `allow` are closed at once, and writes are attributed to
   * the address only — the tunnel is what names the user.
   */
  async startModbus(host: string, port: number, allow: BlockList): Promise<void> {
    const server = createServer((socket) => {
      const remote = socket.remoteAddress ?? '';
      const family = socket.remoteFamily === 'IPv6' ? 'ipv6' : 'ipv4';
      const session = allow.check(remote, family)
        ? this.openModbusSession(
            { actorId: null, channel: `modbus-tcp ${remote}:${socket.remotePort ?? 0}`, mayWrite: true },
            { send: (bytes) => socket.write(bytes), close: () => socket.destroy() },
          )
        : undefined;
      if (!session) {
        socket.destroy();
        return;
      }
      socket.on('data', (bytes: Buffer) => session.receive(bytes));
      socket.on('close', () => session.close());
      socket.on('error', () => session.close());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.modbusServer = server;
  }

  async stop(): Promise<void> {
    for (const session of [...this.modbusSessions]) session.close();
    const server = this.modbusServer;
    this.modbusServer = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
