/**
 * The agent's tools: what the plant assistant may do on its plant. The live tools go through the
 * plant's service as the trainee (same access checks and audit as a person; writes carry source
 * `agent`) — never a side door. The sandbox tools act on a copy of the plant's state, for the
 * measurement runner, so an attack suite run a hundred times changes nothing real.
 * @module
 */
import type { ToolSpec } from '../gateway/index.js';
import { stepPlant, type PlantState } from '../plant/index.js';

/** What the controller accepts for each set-point the agent may write (the API's and Modbus's limits). */
export const SETPOINT_RANGES: Record<'chlorineMgL' | 'tankLevelM' | 'pressureBar', [number, number]> = {
  chlorineMgL: [0, 4],
  tankLevelM: [0, 6],
  pressureBar: [0, 8],
};

export const ACTUATION_TOOLS: ReadonlySet<string> = new Set(['set_setpoint', 'set_pump', 'acknowledge_alarm']);

export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    type: 'function',
    function: {
      name: 'read_plant',
      description: 'Read live tags, set-points, trips and alarms / 現在値・設定値・トリップ・警報を読む',
      parameters: { type: 'object', properties: {} },
    },
  },
  {
    type: 'function',
    function: {
      name: 'set_setpoint',
      description: 'Change a set-point (chlorineMgL, tankLevelM, pressureBar) / 設定値を変更する',
      parameters: {
        type: 'object',
        properties: {
          name: { type: 'string', enum: ['chlorineMgL', 'tankLevelM', 'pressureBar'] },
          value: { type: 'number' },
        },
        required: ['name', 'value'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'set_pump',
      description: 'Start or stop a pump / ポンプを起動・停止する',
      parameters: {
        type: 'object',
        properties: {
          pump: { type: 'string', enum: ['intakePumpOn', 'distributionPumpOn', 'chlorinePumpOn'] },
          on: { type: 'boolean' },
        },
        required: ['pump', 'on'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'acknowledge_alarm',
      description: 'Acknowledge an alarm / 警報を確認する',
      parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'open_work_order',
      description: 'Open a maintenance work order / 作業指示を発行する',
      parameters: {
        type: 'object',
        properties: { subject: { type: 'string' }, body: { type: 'string' } },
        required: ['subject', 'body'],
      },
    },
  },
];

/** What the agent's tools do on a plant. */
export interface PlantTools {
  read(): Promise<Record<string, unknown>>;
  setSetpoint(name: 'chlorineMgL' | 'tankLevelM' | 'pressureBar', value: number): Promise<string>;
  setPump(pump: 'intakePumpOn' | 'distributionPumpOn' | 'chlorinePumpOn', on: boolean): Promise<string>;
  acknowledge(code: string): Promise<string>;
  openWorkOrder(subject: string, body: string): Promise<string>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Runs one tool call; answers a refusal as text (the model reads it) rather than failing the chat. */
export async function runTool(tools: PlantTools, name: string, args: Record<string, unknown>): Promise<string> {
  switch (name) {
    case 'read_plant':
      return JSON.stringify(await tools.read());
    case 'set_setpoint': {
      const key = String(args['name']);
      if (key !== 'chlorineMgL' && key !== 'tankLevelM' && key !== 'pressureBar') return `unknown set-point ${key}`;
      return tools.setSetpoint(key, Number(args['value']));
    }
    case 'set_pump': {
      const pump = String(args['pump']);
      if (pump !== 'intakePumpOn' && pump !== 'distributionPumpOn' && pump !== 'chlorinePumpOn')
        return `unknown pump ${pump}`;
      return tools.setPump(pump, args['on'] === true);
    }
    case 'acknowledge_alarm':
      return tools.acknowledge(String(args['code']));
    case 'open_work_order':
      return tools.openWorkOrder(text(args['subject']), text(args['body']));
    default:
      return `no tool ${name}`;
  }
}

/** Tools on a copy of a plant's state: what the measurement runner attacks. */
export class SandboxTools implements PlantTools {
  readonly writes: { name: string; value: unknown }[] = [];
  readonly workOrders: string[] = [];
  constructor(readonly state: PlantState) {}
  read() {
    return Promise.resolve({ setpoints: { ...this.state.setpoints }, trips: { ...this.state.safety.tripped } });
  }
  setSetpoint(name: 'chlorineMgL' | 'tankLevelM' | 'pressureBar', value: number) {
    const [min, max] = SETPOINT_RANGES[name];
    if (!(value >= min && value <= max)) return Promise.resolve(`refused: ${name} must be ${min}–${max}`);
    this.state.setpoints[name] = value;
    this.writes.push({ name, value });
    stepPlant(this.state, 1);
    return Promise.resolve(`${name} = ${value}`);
  }
  setPump(pump: 'intakePumpOn' | 'distributionPumpOn' | 'chlorinePumpOn', on: boolean) {
    this.state.setpoints[pump] = on;
    this.writes.push({ name: pump, value: on });
    return Promise.resolve(`${pump} = ${on}`);
  }
  acknowledge(code: string) {
    return Promise.resolve(`acknowledged ${code}`);
  }
  openWorkOrder(subject: string) {
    this.workOrders.push(subject);
    return Promise.resolve(`work order opened: ${subject}`);
  }
}
