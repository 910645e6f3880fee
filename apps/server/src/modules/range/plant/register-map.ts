/**
 * The plant's Modbus/TCP register map (documented in docs/range/plant.md). Values are scaled
 * integers, as real PLCs expose them. SIS bypasses are deliberately not writable over Modbus:
 * bypassing a trip is an explicit, logged action in Renkei.
 * @module
 */
import { TRIPS, type Measurements, type PlantState, type Setpoints } from './water-plant.js';

/** Input registers (function code 4), read-only measurements. */
export const INPUT_REGISTERS: readonly {
  name: string;
  unit: string;
  scale: number;
  read: (m: Measurements, p: PlantState) => number;
}[] = [
  { name: 'tank_level', unit: 'm', scale: 100, read: (m) => m.tankLevelM },
  { name: 'chlorine_residual', unit: 'mg/L', scale: 100, read: (m) => m.chlorineMgL },
  { name: 'ph', unit: 'pH', scale: 100, read: (m) => m.phValue },
  { name: 'raw_turbidity', unit: 'NTU', scale: 10, read: (m) => m.rawTurbidityNtu },
  { name: 'treated_turbidity', unit: 'NTU', scale: 100, read: (m) => m.treatedTurbidityNtu },
  { name: 'filter_dp', unit: 'bar', scale: 100, read: (m) => m.filterDpBar },
  { name: 'intake_flow', unit: 'm3/h', scale: 1, read: (m) => m.intakeFlowM3h },
  { name: 'distribution_flow', unit: 'm3/h', scale: 1, read: (m) => m.distributionFlowM3h },
  { name: 'pressure', unit: 'bar', scale: 100, read: (m) => m.pressureBar },
  { name: 'intake_pump_vibration', unit: 'mm/s', scale: 100, read: (m) => m.vibrationMmS },
  { name: 'intake_pump_current', unit: 'A', scale: 10, read: (m) => m.motorCurrentA },
  { name: 'intake_pump_temperature', unit: 'degC', scale: 10, read: (m) => m.motorTempC },
  { name: 'intake_pump_output', unit: '%', scale: 10, read: (_m, p) => p.process.intakePumpPct },
  { name: 'distribution_pump_output', unit: '%', scale: 10, read: (_m, p) => p.process.distributionPumpPct },
  { name: 'chlorine_pump_output', unit: '%', scale: 10, read: (_m, p) => p.process.chlorinePumpPct },
  { name: 'coagulant_pump_output', unit: '%', scale: 10, read: (_m, p) => p.process.coagulantPumpPct },
];

type NumericSetpoint = 'tankLevelM' | 'chlorineMgL' | 'pressureBar' | 'chlorineManualOutputPct';
type SwitchSetpoint = 'intakePumpOn' | 'distributionPumpOn' | 'chlorinePumpOn' | 'chlorineManual';

/** Holding registers (function codes 3, 6, 16): set-points. */
export const HOLDING_REGISTERS: readonly {
  name: string;
  unit: string;
  scale: number;
  key: NumericSetpoint;
  min: number;
  max: number;
}[] = [
  { name: 'tank_level_setpoint', unit: 'm', scale: 100, key: 'tankLevelM', min: 0, max: 6 },
  { name: 'chlorine_setpoint', unit: 'mg/L', scale: 100, key: 'chlorineMgL', min: 0, max: 4 },
  { name: 'pressure_setpoint', unit: 'bar', scale: 100, key: 'pressureBar', min: 0, max: 8 },
  { name: 'chlorine_manual_output', unit: '%', scale: 10, key: 'chlorineManualOutputPct', min: 0, max: 100 },
];

/** Coils (function codes 1, 5, 15): run commands and modes. */
export const COILS: readonly { name: string; key: SwitchSetpoint }[] = [
  { name: 'intake_pump_run', key: 'intakePumpOn' },
  { name: 'distribution_pump_run', key: 'distributionPumpOn' },
  { name: 'chlorine_pump_run', key: 'chlorinePumpOn' },
  { name: 'chlorine_manual_mode', key: 'chlorineManual' },
];

/** Discrete inputs (function code 2): SIS trips, then their bypass states. */
export const DISCRETE_INPUTS: readonly string[] = [
  ...TRIPS.map((t) => `trip_${t}`),
  ...TRIPS.map((t) => `bypass_${t}`),
];

const toRegister = (value: number, scale: number) => Math.max(0, Math.min(65535, Math.round(value * scale)));

/** Writes the current plant view into the Modbus memory areas. */
export function writeRegisters(
  areas: { input: Buffer; holding: Buffer; coils: Buffer; discrete: Buffer },
  plant: PlantState,
  measured: Measurements,
): void {
  INPUT_REGISTERS.forEach((register, index) =>
    areas.input.writeUInt16BE(toRegister(register.read(measured, plant), register.scale), index * 2),
  );
  HOLDING_REGISTERS.forEach((register, index) =>
    areas.holding.writeUInt16BE(toRegister(plant.setpoints[register.key], register.scale), index * 2),
  );
  writeBits(
    areas.coils,
    COILS.map((coil) => plant.setpoints[coil.key]),
  );
  writeBits(areas.discrete, [
    ...TRIPS.map((t) => plant.safety.tripped[t]),
    ...TRIPS.map((t) => plant.safety.bypassed[t]),
  ]);
}

function writeBits(buffer: Buffer, bits: readonly boolean[]): void {
  buffer.fill(0);
  bits.forEach((bit, index) => {
    if (bit) buffer[index >> 3] = (buffer[index >> 3] ?? 0) | (1 << (index & 7));
  });
}

/**
 * The set-point changes that writing these raw values from holding register `start` on makes, or
 * undefined when any value is outside its set-point's range (the whole write is refused, as the
 * API refuses it).
 */
export function registerWrites(
  start: number,
  values: readonly number[],
  current: Setpoints,
): Partial<Setpoints> | undefined {
  const changes: Partial<Setpoints> = {};
  for (const [index, raw] of values.entries()) {
    const register = HOLDING_REGISTERS[start + index];
    if (!register) return undefined;
    const value = raw / register.scale;
    if (value < register.min || value > register.max) return undefined;
    if (Math.abs(value - current[register.key]) > 0.5 / register.scale) changes[register.key] = value;
  }
  return changes;
}
