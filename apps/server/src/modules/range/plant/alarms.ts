/**
 * Alarms with priorities and acknowledgement (ISA-18.2 style): an alarm stays listed until it has
 * both returned to normal and been acknowledged.
 * @module
 */
import { TRIPS, type Measurements, type PlantState } from './water-plant.js';

export type AlarmPriority = 'high' | 'medium' | 'low';

export interface Alarm {
  code: string;
  priority: AlarmPriority;
  activeSince: number;
  isActive: boolean;
  isAcknowledged: boolean;
}

const CONDITIONS: readonly {
  code: string;
  priority: AlarmPriority;
  test: (m: Measurements, p: PlantState) => boolean;
}[] = [
  ...TRIPS.map((trip) => ({
    code: `sis_trip_${trip}`,
    priority: 'high' as const,
    test: (_m: Measurements, p: PlantState) => p.safety.tripped[trip],
  })),
  ...TRIPS.map((trip) => ({
    code: `sis_bypassed_${trip}`,
    priority: 'high' as const,
    test: (_m: Measurements, p: PlantState) => p.safety.bypassed[trip],
  })),
  { code: 'level_high', priority: 'medium', test: (m) => m.tankLevelM > 5 },
  { code: 'level_low', priority: 'medium', test: (m) => m.tankLevelM < 1 },
  { code: 'chlorine_high', priority: 'medium', test: (m) => m.chlorineMgL > 1.2 },
  { code: 'chlorine_low', priority: 'medium', test: (m) => m.chlorineMgL < 0.2 },
  { code: 'pressure_low', priority: 'medium', test: (m) => m.pressureBar < 2 },
  { code: 'pump_vibration_high', priority: 'medium', test: (m) => m.vibrationMmS > 4.5 },
  { code: 'turbidity_high', priority: 'low', test: (m) => m.treatedTurbidityNtu > 1 },
  { code: 'filter_dp_high', priority: 'low', test: (m) => m.filterDpBar > 1.5 },
];

/** Updates the alarm list in place from the latest measurements; returns newly raised alarms. */
export function evaluateAlarms(alarms: Map<string, Alarm>, measured: Measurements, plant: PlantState): Alarm[] {
  const raised: Alarm[] = [];
  for (const condition of CONDITIONS) {
    const isActive = condition.test(measured, plant);
    const existing = alarms.get(condition.code);
    if (isActive && (!existing || !existing.isActive)) {
      const alarm: Alarm = {
        code: condition.code,
        priority: condition.priority,
        activeSince: plant.process.timeS,
        isActive: true,
        isAcknowledged: false,
      };
      alarms.set(condition.code, alarm);
      raised.push(alarm);
    } else if (!isActive && existing?.isActive) {
      existing.isActive = false;
      if (existing.isAcknowledged) alarms.delete(condition.code);
    }
  }
  return raised;
}

export function acknowledgeAlarm(alarms: Map<string, Alarm>, code: string): boolean {
  const alarm = alarms.get(code);
  if (!alarm) return false;
  alarm.isAcknowledged = true;
  if (!alarm.isActive) alarms.delete(code);
  return true;
}
