/**
 * Process KPIs of a run, from its history (issue 13, item 8): the physical consequence a lab
 * check and the implementation report cite — minutes with chlorine, pressure or level out of
 * specification, demand the plant did not meet, trips, and the pumps' energy. Pure: computed
 * from history rows (one per simulated second, or coarser), no I/O.
 * @module
 */
import { HISTORY_COLUMNS } from './historian.js';
import { demandAt, TRIPS } from './water-plant.js';

/** The specification the KPIs hold the plant to (the procedures' operating ranges). */
export const SPECIFICATION = {
  chlorineMgL: { min: 0.2, max: 1.0 },
  pressureBar: { min: 2.0, max: 6.0 },
  tankLevelM: { min: 1.0, max: 5.0 },
} as const;

/** Rated power of the pumps at 100 % output, kW (energy ≈ power × output³ for centrifugal pumps). */
const RATED_KW = { intake: 75, distribution: 90, chlorine: 0.5, coagulant: 0.5 } as const;

export interface ProcessKpis {
  simulatedMinutes: number;
  chlorineOutOfSpecMinutes: number;
  pressureOutOfSpecMinutes: number;
  levelOutOfSpecMinutes: number;
  /** Cubic metres the consumers asked for and did not get. */
  unmetDemandM3: number;
  /** Trips that latched during the run (a trip counted once per latching). */
  trips: Record<string, number>;
  energyKWh: number;
}

export function processKpis(rows: readonly (number | boolean | string | null)[][]): ProcessKpis {
  const column = (name: string) => HISTORY_COLUMNS.indexOf(name);
  const at = column('sim_time_s');
  const chlorine = column('chlorine_residual');
  const pressure = column('pressure');
  const level = column('tank_level');
  const flow = column('distribution_flow');
  const outputs = {
    intake: column('intake_pump_output'),
    distribution: column('distribution_pump_output'),
    chlorine: column('chlorine_pump_output'),
    coagulant: column('coagulant_pump_output'),
  };
  const kpis: ProcessKpis = {
    simulatedMinutes: 0,
    chlorineOutOfSpecMinutes: 0,
    pressureOutOfSpecMinutes: 0,
    levelOutOfSpecMinutes: 0,
    unmetDemandM3: 0,
    trips: Object.fromEntries(TRIPS.map((trip) => [trip, 0])),
    energyKWh: 0,
  };
  const wasTripped = new Map<string, boolean>();
  const num = (row: readonly unknown[], index: number) => (typeof row[index] === 'number' ? row[index] : NaN);
  const outside = (value: number, spec: { min: number; max: number }) => value < spec.min || value > spec.max;
  rows.forEach((row, index) => {
    const time = num(row, at);
    const next = rows[index + 1];
    // Each row stands for the time until the next one (the last, for the same step as the one before).
    const stepS = next ? num(next, at) - time : index > 0 ? time - num(rows[index - 1]!, at) : 1;
    if (!(stepS > 0)) return;
    const minutes = stepS / 60;
    kpis.simulatedMinutes += minutes;
    if (outside(num(row, chlorine), SPECIFICATION.chlorineMgL)) kpis.chlorineOutOfSpecMinutes += minutes;
    if (outside(num(row, pressure), SPECIFICATION.pressureBar)) kpis.pressureOutOfSpecMinutes += minutes;
    if (outside(num(row, level), SPECIFICATION.tankLevelM)) kpis.levelOutOfSpecMinutes += minutes;
    const unmet = demandAt(time) - num(row, flow);
    if (unmet > 0) kpis.unmetDemandM3 += (unmet * stepS) / 3600;
    for (const [pump, columnIndex] of Object.entries(outputs)) {
      const output = num(row, columnIndex) / 100;
      if (output > 0) kpis.energyKWh += (RATED_KW[pump as keyof typeof RATED_KW] * output ** 3 * stepS) / 3600;
    }
    for (const trip of TRIPS) {
      const isTripped = row[column(`trip_${trip}`)] === true;
      if (isTripped && !wasTripped.get(trip)) kpis.trips[trip]! += 1;
      wasTripped.set(trip, isTripped);
    }
  });
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    simulatedMinutes: round(kpis.simulatedMinutes),
    chlorineOutOfSpecMinutes: round(kpis.chlorineOutOfSpecMinutes),
    pressureOutOfSpecMinutes: round(kpis.pressureOutOfSpecMinutes),
    levelOutOfSpecMinutes: round(kpis.levelOutOfSpecMinutes),
    unmetDemandM3: round(kpis.unmetDemandM3),
    trips: kpis.trips,
    energyKWh: round(kpis.energyKWh),
  };
}
