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
  run?: number;
  /** Simulated seconds per real second (0: paused). */
  speed?: number;
  /** `normal`, or the injected events now active. */
  label?: string;
  scenario?: { id: string; kind: string; startS: number; endS: number; state: 'scheduled' | 'active' | 'over' }[];
}

/** Course staff control time and inject events (the server checks it too). */
export function isCourseStaff(role: string | undefined): boolean {
  return role === 'admin' || role === 'instructor' || role === 'assistant';
}

/** Sends a change to the plant (set-point, command, acknowledgement, reset) and shows the result. */
export type PlantAction = (method: 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) => void;

/** Where a trainee points Modbus tools: the direct port where the server has one, else the tunnel command. */
export function modbusWhere(modbus: PlantView['modbus']): string {
  return modbus.port ? `${modbus.host ?? ''}:${modbus.port}` : modbus.connect;
}
