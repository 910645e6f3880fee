/** @module range/plant (web) — a plant as the HMI shows it, and how its parts ask for a change. */
export interface PlantView {
  id: string;
  workspaceId: string;
  name: string;
  /** The tunnel always (`connect` is the command that opens it); host and port where direct Modbus is on. */
  modbus: { tunnel: string; connect: string; unitId: number; host?: string; port?: number };
  mqtt: { telemetryTopic: string; alarmTopic: string };
  simTimeS?: number;
  tags?: Record<string, number | boolean | string>;
  setpoints?: Record<string, number | boolean>;
  trips?: Record<string, boolean>;
  bypassed?: Record<string, boolean>;
  alarms?: { code: string; priority: string; isActive: boolean; isAcknowledged: boolean }[];
}

/** Sends a change to the plant (set-point, command, acknowledgement, reset) and shows the result. */
export type PlantAction = (method: 'POST' | 'PATCH', url: string, body?: unknown) => void;

/** Where a trainee points Modbus tools: the direct port where the server has one, else the tunnel command. */
export function modbusWhere(modbus: PlantView['modbus']): string {
  return modbus.port ? `${modbus.host ?? ''}:${modbus.port}` : modbus.connect;
}
