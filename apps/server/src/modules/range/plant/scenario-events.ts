/**
 * Faults and attacks that can be started on a plant: by the data-set generator in scheduled
 * windows, and by an instructor on a running instance (live or scheduled). Each returns how to
 * undo it; sensor spoofing also says which measurement to report frozen. Pure: no I/O.
 * @module
 */
import { DATASET_EVENTS, type DatasetEventKind } from '@renkei/contracts';
import type { Measurements, PlantState } from './water-plant.js';

export { DATASET_EVENTS as SCENARIO_EVENTS };
export type ScenarioEventKind = DatasetEventKind;

/** Which events are attacks (the rest are faults); labels say which happened. */
export const ATTACK_EVENTS: ReadonlySet<ScenarioEventKind> = new Set([
  'setpoint_tampering',
  'sensor_spoofing',
  'sis_bypass_overdose',
]);

export interface StartedScenarioEvent {
  restore: () => void;
  /** Sensor spoofing: what the instruments report instead of the truth while it lasts. */
  frozen?: Partial<Measurements>;
}

/** Starts an event on the plant; returns how to undo it. */
export function startScenarioEvent(
  plant: PlantState,
  kind: ScenarioEventKind,
  measured: Measurements,
): StartedScenarioEvent {
  const { faults, setpoints, safety } = plant;
  switch (kind) {
    case 'pump_degradation': {
      const before = faults.intakePumpWearPerHour;
      // Accelerated wear: a bearing going over a few hours, so one lab day shows the whole trend.
      faults.intakePumpWearPerHour = 0.06;
      return { restore: () => (faults.intakePumpWearPerHour = before) };
    }
    case 'chlorine_sensor_drift': {
      const before = faults.chlorineSensorDriftPerHour;
      faults.chlorineSensorDriftPerHour = 0.6;
      return {
        restore: () => ((faults.chlorineSensorDriftPerHour = before), (plant.chlorineSensorOffsetMgL = 0)),
      };
    }
    case 'turbidity_spike': {
      const before = faults.turbiditySpikeNtu;
      faults.turbiditySpikeNtu = 40;
      return { restore: () => (faults.turbiditySpikeNtu = before) };
    }
    case 'setpoint_tampering': {
      // What a Modbus write to holding register chlorine_setpoint would do.
      const before = setpoints.chlorineMgL;
      setpoints.chlorineMgL = 1.9;
      return { restore: () => (setpoints.chlorineMgL = before) };
    }
    case 'sensor_spoofing':
      // The level transmitter reports a frozen (replayed) value while the real level moves.
      return { restore: () => undefined, frozen: { tankLevelM: measured.tankLevelM } };
    case 'sis_bypass_overdose': {
      const before = {
        bypassed: safety.bypassed.chlorine_overdose,
        manual: setpoints.chlorineManual,
        output: setpoints.chlorineManualOutputPct,
      };
      safety.bypassed.chlorine_overdose = true;
      setpoints.chlorineManual = true;
      setpoints.chlorineManualOutputPct = 100;
      return {
        restore: () => {
          safety.bypassed.chlorine_overdose = before.bypassed;
          setpoints.chlorineManual = before.manual;
          setpoints.chlorineManualOutputPct = before.output;
        },
      };
    }
  }
}
