/** range/plant's configuration: Modbus/TCP, MQTT and OPC UA endpoints, simulation pace, historian retention, limits. @module */
import { z } from 'zod';
import { booleanFromEnv, defineConfigSection } from '../../../platform/index.js';

export const plantConfig = defineConfigSection(
  'range/plant',
  z.object({
    /**
     * Modbus/TCP straight to a port per instance, beside the authenticated tunnel (decision 0016):
     * off by default, since Modbus has no authentication; when on, only from `rangeModbusAllow`.
     */
    rangeModbusDirect: booleanFromEnv.default(false),
    /** Addresses and CIDR ranges direct Modbus connections may come from (comma-separated); loopback when empty. */
    rangeModbusAllow: z.string().default(''),
    /** First Modbus/TCP port of plant instances (one port each), and where they listen. */
    rangeModbusBasePort: z.coerce.number().int().min(1).max(65000).default(15020),
    rangeModbusHost: z.string().default('127.0.0.1'),
    /** External MQTT broker for plant telemetry (e.g. mqtt://127.0.0.1:1883); empty: the embedded broker. */
    rangeMqttUrl: z.string().default(''),
    /** Port of the embedded MQTT broker (API-token sign-in, per-instance topic ACLs); 0: off. */
    rangeMqttPort: z.coerce.number().int().min(0).max(65535).default(1884),
    /** OPC UA server for every plant (API-token sign-in, per-plant roles) on this port; 0: off. Listens on rangeModbusHost. */
    rangeOpcuaPort: z.coerce.number().int().min(0).max(65535).default(0),
    /** Simulation step (10 Hz) and how often telemetry is published and state persisted. */
    rangeTickMs: z.coerce.number().int().min(10).default(100),
    rangePublishEveryTicks: z.coerce.number().int().min(1).default(1),
    rangePersistEveryMs: z.coerce.number().int().min(100).default(5000),
    /** Historian: raw 1 Hz samples and minute rows kept for this much simulated time; how often maintenance runs. */
    rangeRawRetentionHours: z.coerce.number().min(0.1).default(48),
    rangeRollupRetentionDays: z.coerce.number().min(1).default(90),
    rangeHistorianMaintenanceMs: z.coerce.number().int().min(1000).default(60_000),
    /** Per-instance limits — Modbus clients at once, register/coil operations per second; plants per course. */
    rangeModbusMaxClients: z.coerce.number().int().min(1).default(8),
    rangeModbusOpsPerSecond: z.coerce.number().int().min(1).default(2000),
    rangeMaxPlantsPerWorkspace: z.coerce.number().int().min(1).default(60),
  }),
  {
    RENKEI_RANGE_MODBUS_DIRECT: 'rangeModbusDirect',
    RENKEI_RANGE_MODBUS_ALLOW: 'rangeModbusAllow',
    RENKEI_RANGE_MODBUS_BASE_PORT: 'rangeModbusBasePort',
    RENKEI_RANGE_MODBUS_HOST: 'rangeModbusHost',
    RENKEI_RANGE_MQTT_URL: 'rangeMqttUrl',
    RENKEI_RANGE_MQTT_PORT: 'rangeMqttPort',
    RENKEI_RANGE_OPCUA_PORT: 'rangeOpcuaPort',
    RENKEI_RANGE_TICK_MS: 'rangeTickMs',
    RENKEI_RANGE_PUBLISH_EVERY_TICKS: 'rangePublishEveryTicks',
    RENKEI_RANGE_PERSIST_MS: 'rangePersistEveryMs',
    RENKEI_RANGE_RAW_RETENTION_HOURS: 'rangeRawRetentionHours',
    RENKEI_RANGE_ROLLUP_RETENTION_DAYS: 'rangeRollupRetentionDays',
    RENKEI_RANGE_HISTORIAN_MAINTENANCE_MS: 'rangeHistorianMaintenanceMs',
    RENKEI_RANGE_MODBUS_MAX_CLIENTS: 'rangeModbusMaxClients',
    RENKEI_RANGE_MODBUS_OPS: 'rangeModbusOpsPerSecond',
    RENKEI_RANGE_MAX_PLANTS: 'rangeMaxPlantsPerWorkspace',
  },
);
