/**
 * Runs every plant instance of this process at a fixed rate (10 Hz by default): steps the model,
 * serves Modbus, publishes MQTT telemetry, records the historian at 1 Hz and persists state so a
 * restart continues where it left off (R11).
 * @module
 */
import * as repository from './plant.repository.js';
import { plantConfig } from './plant.config.js';
import { randomUUID } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import mqtt from 'mqtt';
import { nowIso, type Actor, type AppContext } from '../../../platform/index.js';
import { maintainHistory } from './historian.js';
import { PlantInstance, type SetpointChange, type TelemetryPublisher } from './plant-instance.js';
import { startRangeBroker, type RangeBroker } from './mqtt-broker.js';
import { startOpcuaServer, type RangeOpcuaServer } from './opcua-server.js';
import type { PlantInstanceRow } from './plant.table.js';
import { TRIPS, type PlantState } from './water-plant.js';

export class PlantRuntime {
  private readonly instanceMap = new Map<string, PlantInstance>();
  private timer: NodeJS.Timeout | undefined;
  private mqttClient: TelemetryPublisher | undefined;
  private closeMqtt: (() => Promise<void>) | undefined;
  /** The embedded broker, when this process runs one. */
  broker: RangeBroker | undefined;
  /** The OPC UA server, when this process runs one (RENKEI_RANGE_OPCUA_PORT). */
  opcua: RangeOpcuaServer | undefined;
  private ticks = 0;
  /** Called with every historian sample (e.g. live anomaly detection). */
  private readonly sampleListeners = new Set<
    (instance: PlantInstance, sample: Record<string, number | boolean | string>) => void
  >();
  private lastPersistAt = Date.now();
  private lastMaintenanceAt = Date.now();
  private lastSampleSecond = new Map<string, number>();
  private readonly settings: ReturnType<typeof plantConfig.of>;
  private readonly modbusAllowList: BlockList;
  private busy: Promise<void> = Promise.resolve();
  // Changes are logged in the order they happened, one after another; stop() waits for the last.
  private logging: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly onChange?: (instance: PlantInstance, change: SetpointChange) => Promise<void>,
    private readonly canSee?: (actor: Actor, instanceId: string) => Promise<boolean>,
  ) {
    this.settings = plantConfig.of(ctx.config);
    this.modbusAllowList = parseAllowList(this.settings.rangeModbusAllow);
  }

  /** Loads every persisted instance, starts its Modbus server, and starts the clock. */
  async start(options: { startClock?: boolean } = {}): Promise<void> {
    if (this.settings.rangeMqttUrl) {
      const client = await mqtt.connectAsync(this.settings.rangeMqttUrl, { reconnectPeriod: 2000 });
      this.mqttClient = client;
      this.closeMqtt = () => client.endAsync();
    } else if (this.settings.rangeMqttPort > 0 && this.canSee) {
      try {
        this.broker = await startRangeBroker(this.ctx, {
          host: this.settings.rangeModbusHost,
          port: this.settings.rangeMqttPort,
          canSee: this.canSee,
        });
        this.mqttClient = this.broker.publisher;
        this.closeMqtt = () => this.broker?.close() ?? Promise.resolve();
      } catch (error) {
        // The plants still run and serve Modbus; only MQTT telemetry is missing.
        this.ctx.logger.warn({ err: error, port: this.settings.rangeMqttPort }, 'embedded MQTT broker could not start');
      }
    }
    if (this.settings.rangeOpcuaPort > 0 && this.canSee)
      this.opcua = await startOpcuaServer(this.ctx, {
        host: this.settings.rangeModbusHost,
        port: this.settings.rangeOpcuaPort,
        dataDir: this.ctx.config.dataDir,
        canSee: this.canSee,
      });
    const rows = await repository.listAllInstances(this.ctx.db);
    for (const row of rows) await this.load(row);
    if (options.startClock !== false) {
      this.timer = setInterval(() => {
        this.busy = this.busy
          .then(() => this.tick(this.settings.rangeTickMs / 1000))
          .catch((error: unknown) => this.ctx.logger.error({ err: error }, 'plant tick failed'));
      }, this.settings.rangeTickMs);
      this.timer.unref();
    }
  }

  /** Resolves once every change made so far is logged (Modbus writes are logged after they are answered). */
  logged(): Promise<void> {
    return this.logging;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.busy;
    await this.logging;
    await this.persistAll();
    for (const instance of this.instanceMap.values()) await instance.stop();
    this.instanceMap.clear();
    await this.closeMqtt?.();
    await this.opcua?.close();
  }

  /** Listens to every historian sample of every plant (one a simulated second); returns how to stop. */
  onSample(listener: (instance: PlantInstance, sample: Record<string, number | boolean | string>) => void): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  get(id: string): PlantInstance | undefined {
    return this.instanceMap.get(id);
  }

  /** The running instances. */
  instances(): PlantInstance[] {
    return [...this.instanceMap.values()];
  }

  get size(): number {
    return this.instanceMap.size;
  }

  /** Starts an instance from its row (new or persisted). */
  async load(row: PlantInstanceRow): Promise<PlantInstance> {
    const existing = this.instanceMap.get(row.id);
    if (existing) return existing;
    const instance = new PlantInstance({
      id: row.id,
      workspaceId: row.workspace_id,
      run: Number(row.run),
      state: JSON.parse(row.state) as PlantState,
      modbusLimits: {
        maxClients: this.settings.rangeModbusMaxClients,
        operationsPerSecond: this.settings.rangeModbusOpsPerSecond,
      },
      onChange: (change) => {
        this.recordEvent(instance, {
          kind: 'setpoint',
          source: change.source,
          actorId: change.actorId ?? null,
          channel: change.channel ?? null,
          detail: change.changes,
        });
        const log = this.onChange;
        if (!log) return;
        this.logging = this.logging
          .then(() => log(instance, change))
          .catch((error: unknown) =>
            this.ctx.logger.warn({ err: error, instanceId: instance.id }, 'plant change log failed'),
          );
      },
    });
    instance.onScenario = (event, phase) =>
      this.recordEvent(instance, {
        kind: `scenario-${phase}`,
        source: 'instructor',
        actorId: event.actorId,
        channel: 'scenario',
        detail: { id: event.id, event: event.kind, startS: event.startS, endS: event.endS },
      });
    if (this.settings.rangeModbusDirect)
      await instance.startModbus(this.settings.rangeModbusHost, row.modbus_port, this.modbusAllowList);
    this.instanceMap.set(row.id, instance);
    this.opcua?.addPlant(instance, row.name);
    return instance;
  }

  async unload(id: string): Promise<void> {
    const instance = this.instanceMap.get(id);
    this.instanceMap.delete(id);
    this.opcua?.removePlant(id);
    await instance?.stop();
  }

  /**
   * Records what changed a plant beside its samples (kept in order with the change log; `logged()`
   * resolves once written): set-points and commands from any source, trips, resets, runs.
   */
  recordEvent(
    instance: PlantInstance,
    event: {
      kind: string;
      source: string;
      actorId?: string | null;
      channel?: string | null;
      detail: Record<string, unknown>;
    },
  ): void {
    const row = {
      id: randomUUID(),
      instance_id: instance.id,
      run: instance.run,
      sim_time_s: Math.round(instance.state.process.timeS * 10) / 10,
      at: nowIso(),
      kind: event.kind,
      source: event.source,
      actor_id: event.actorId ?? null,
      channel: event.channel ?? null,
      detail: JSON.stringify(event.detail),
    };
    this.logging = this.logging
      .then(() => repository.insertEvents(this.ctx.db, [row]))
      .catch((error: unknown) =>
        this.ctx.logger.warn({ err: error, instanceId: instance.id }, 'plant event not recorded'),
      );
  }

  /** One clock tick for every instance (also called directly by tests and benchmarks). */
  async tick(dtS: number): Promise<void> {
    this.ticks += 1;
    const shouldPublish = this.mqttClient !== undefined && this.ticks % this.settings.rangePublishEveryTicks === 0;
    const samples: { instance_id: string; run: number; sim_time_s: number; recorded_at: string; tag_values: string }[] =
      [];
    const now = nowIso();
    for (const instance of this.instanceMap.values()) {
      const trippedBefore = { ...instance.state.safety.tripped };
      // Faster than real time the plant still steps at most a second at a time, and the
      // historian still gets every simulated second (a sample as each whole second is crossed).
      let remaining = dtS * instance.speed;
      while (remaining > 1e-9) {
        const time = instance.state.process.timeS;
        const toNextSecond = Math.floor(time + 1e-9) + 1 - time;
        const chunk = Math.min(remaining, toNextSecond > 1e-6 ? toNextSecond : 1);
        instance.step(chunk);
        remaining -= chunk;
        const second = Math.floor(instance.state.process.timeS + 1e-9);
        if (second !== this.lastSampleSecond.get(instance.id)) {
          this.lastSampleSecond.set(instance.id, second);
          const values = instance.telemetry();
          samples.push({
            instance_id: instance.id,
            run: instance.run,
            sim_time_s: second,
            recorded_at: now,
            tag_values: JSON.stringify(values),
          });
          for (const listener of this.sampleListeners) listener(instance, values);
        }
      }
      for (const trip of TRIPS)
        if (instance.state.safety.tripped[trip] && !trippedBefore[trip])
          this.recordEvent(instance, { kind: 'trip', source: 'sis', channel: 'sis', detail: { trip } });
      const alarmEvents = instance.drainAlarmEvents();
      if (this.mqttClient) {
        if (shouldPublish) instance.publish(this.mqttClient);
        if (alarmEvents.length > 0) instance.publishAlarms(this.mqttClient, alarmEvents);
      }
    }
    await repository.insertSamples(this.ctx.db, samples);
    if (Date.now() - this.lastPersistAt >= this.settings.rangePersistEveryMs) await this.persistAll();
    if (Date.now() - this.lastMaintenanceAt >= this.settings.rangeHistorianMaintenanceMs)
      await this.maintainHistorian();
  }

  /** Stored downsampling and retention of every instance's history (see historian.ts). */
  async maintainHistorian(): Promise<void> {
    this.lastMaintenanceAt = Date.now();
    const retention = {
      rawS: this.settings.rangeRawRetentionHours * 3600,
      rollupS: this.settings.rangeRollupRetentionDays * 86_400,
    };
    for (const instance of this.instanceMap.values())
      await maintainHistory(this.ctx.db, instance.id, instance.run, instance.state.process.timeS, retention);
  }

  async persistAll(): Promise<void> {
    this.lastPersistAt = Date.now();
    const now = nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const instance of this.instanceMap.values()) {
        await repository.saveInstanceState(trx, instance.id, JSON.stringify(instance.state), now);
      }
    });
  }
}

/** Direct Modbus connections' allow-list: addresses and CIDR ranges, comma-separated; loopback when empty. */
export function parseAllowList(text: string): BlockList {
  const list = new BlockList();
  const entries = text.trim() === '' ? ['127.0.0.0/8', '::1/128'] : text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (entry === '') continue;
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : isIP(address) === 4 ? 'ipv4' : undefined;
    if (!family) throw new Error(`RENKEI_RANGE_MODBUS_ALLOW: ${entry} is not an address or CIDR range`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}
