/**
 * Alarms with priorities, deadbands, on/off delays and acknowledgement (ISA-18.2 style): an alarm
 * stays listed until it has both returned to normal and been acknowledged.
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

/**
 * An alarm condition. Analog alarms have a deadband (they clear only once the value is back past
 * the limit by that much) and on/off delays in simulated seconds (ISA-18.2): a value hovering at
 * its limit raises one alarm, not one per scan. SIS trips and bypasses alarm at once.
 */
interface Condition {
  code: string;
  priority: AlarmPriority;
  /** Is the alarm condition present, given whether the alarm is active now (the deadband side)? */
  test: (m: Measurements, p: PlantState, isActive: boolean) => boolean;
  onDelayS: number;
  offDelayS: number;
}

function analog(
  code: string,
  priority: AlarmPriority,
  value: (m: Measurements) => number,
  direction: 'high' | 'low',
  limit: number,
  deadband: number,
): Condition {
  return {
    code,
    priority,
    test: (m, _p, isActive) => {
      const threshold = isActive ? (direction === 'high' ? limit - deadband : limit + deadband) : limit;
      return direction === 'high' ? value(m) > threshold : value(m) < threshold;
    },
    onDelayS: 5,
    offDelayS: 10,
  };
}

const CONDITIONS: readonly Condition[] = [
  ...TRIPS.map((trip) => ({
    code: `sis_trip_${trip}`,
    priority: 'high' as const,
    test: (_m: Measurements, p: PlantState) => p.safety.tripped[trip],
    onDelayS: 0,
    offDelayS: 0,
  })),
  ...TRIPS.map((trip) => ({
    code: `sis_bypassed_${trip}`,
    priority: 'high' as const,
    test: (_m: Measurements, p: PlantState) => p.safety.bypassed[trip],
    onDelayS: 0,
    offDelayS: 0,
  })),
  analog('level_high', 'medium', (m) => m.tankLevelM, 'high', 5, 0.1),
  analog('level_low', 'medium', (m) => m.tankLevelM, 'low', 1, 0.1),
  analog('chlorine_high', 'medium', (m) => m.chlorineMgL, 'high', 1.2, 0.05),
  analog('chlorine_low', 'medium', (m) => m.chlorineMgL, 'low', 0.2, 0.05),
  analog('pressure_low', 'medium', (m) => m.pressureBar, 'low', 2, 0.2),
  analog('pump_vibration_high', 'medium', (m) => m.vibrationMmS, 'high', 4.5, 0.3),
  analog('turbidity_high', 'low', (m) => m.treatedTurbidityNtu, 'high', 1, 0.1),
  analog('filter_dp_high', 'low', (m) => m.filterDpBar, 'high', 1.5, 0.1),
];

/** What happened to an alarm: raised, cleared (returned to normal) or acknowledged. */
export interface AlarmEvent {
  event: 'raise' | 'clear' | 'ack';
  alarm: Alarm;
}

/** Since when (simulated seconds) each condition has differed from its alarm's state. */
export type AlarmTimers = Map<string, number>;

/** Updates the alarm list in place from the latest measurements; returns what was raised or cleared. */
export function evaluateAlarms(
  alarms: Map<string, Alarm>,
  measured: Measurements,
  plant: PlantState,
  timers: AlarmTimers = new Map(),
): AlarmEvent[] {
  const events: AlarmEvent[] = [];
  const now = plant.process.timeS;
  for (const condition of CONDITIONS) {
    const existing = alarms.get(condition.code);
    const isActive = existing?.isActive === true;
    const present = condition.test(measured, plant, isActive);
    if (present === isActive) {
      timers.delete(condition.code);
      continue;
    }
    const since = timers.get(condition.code) ?? now;
    timers.set(condition.code, since);
    if (now - since < (present ? condition.onDelayS : condition.offDelayS) - 1e-9) continue;
    timers.delete(condition.code);
    if (present) {
      const alarm: Alarm = {
        code: condition.code,
        priority: condition.priority,
        activeSince: now,
        isActive: true,
        isAcknowledged: false,
      };
      alarms.set(condition.code, alarm);
      events.push({ event: 'raise', alarm });
    } else if (existing) {
      existing.isActive = false;
      if (existing.isAcknowledged) alarms.delete(condition.code);
      events.push({ event: 'clear', alarm: { ...existing } });
    }
  }
  return events;
}

export function acknowledgeAlarm(alarms: Map<string, Alarm>, code: string): Alarm | undefined {
  const alarm = alarms.get(code);
  if (!alarm) return undefined;
  alarm.isAcknowledged = true;
  if (!alarm.isActive) alarms.delete(code);
  return { ...alarm };
}
