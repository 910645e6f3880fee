/**
 * Faults and attacks that can be started on a plant: by the data-set generator in scheduled
 * windows, and by an instructor on a running instance (live or scheduled). Each returns how to
 * undo it. Pure: no I/O.
 * @module
 */
import { DATASET_EVENTS, type DatasetEventKind, type ScenarioEventOptions } from '@renkei/contracts';
import { readInstruments, stepPlant, type InstrumentSpoof, type PlantState } from './water-plant.js';

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
}

/** Seconds of normal readings a replaying attacker recorded before the attack. */
export const REPLAY_RECORDING_S = 600;

/**
 * Ten minutes of the level transmitter's normal readings, as an attacker would have recorded
 * them: taken from a copy of the plant run forward from now (statistically the plant's own
 * recent behaviour; the real plant and its random stream are untouched).
 */
function recordLevel(plant: PlantState): number[] {
  const copy = structuredClone(plant);
  delete copy.spoof;
  const recording: number[] = [];
  for (let i = 0; i < REPLAY_RECORDING_S; i += 1) recording.push(stepPlant(copy, 1).tankLevelM);
  return recording;
}

/**
 * Starts an event on the plant; returns how to undo it. `magnitude` (default 1) scales the fault
 * or attack; spoofing defaults to a replay that reaches the PLC.
 */
export function startScenarioEvent(
  plant: PlantState,
  kind: ScenarioEventKind,
  options: ScenarioEventOptions = {},
): StartedScenarioEvent {
  const { faults, setpoints, safety } = plant;
  const magnitude = options.magnitude ?? 1;
  switch (kind) {
    case 'pump_degradation': {
      const before = { rate: faults.intakePumpWearPerHour, wear: plant.process.intakePumpWear };
      // A bearing defect: a step in wear when it appears, then accelerated wear over a few hours
      // so one lab day shows the whole trend.
      plant.process.intakePumpWear = Math.min(0.95, plant.process.intakePumpWear + 0.25 * magnitude);
      faults.intakePumpWearPerHour = 0.06 * magnitude;
      return {
        // The operator has the pump overhauled once the event is over: wear back to before.
        restore: () => {
          faults.intakePumpWearPerHour = before.rate;
          plant.process.intakePumpWear = before.wear;
        },
      };
    }
    case 'chlorine_sensor_drift': {
      const before = faults.chlorineSensorDriftPerHour;
      // A fouling analyser: it reads high at once (a membrane slip) and drifts further.
      plant.chlorineSensorOffsetMgL += 0.15 * magnitude;
      faults.chlorineSensorDriftPerHour = 0.6 * magnitude;
      return {
        // Recalibrated when the event is over.
        restore: () => ((faults.chlorineSensorDriftPerHour = before), (plant.chlorineSensorOffsetMgL = 0)),
      };
    }
    case 'turbidity_spike': {
      const before = faults.turbiditySpikeNtu;
      faults.turbiditySpikeNtu = 40 * magnitude;
      return { restore: () => (faults.turbiditySpikeNtu = before) };
    }
    case 'setpoint_tampering': {
      // What a Modbus write to holding register chlorine_setpoint would do: well above the
      // normal 0.5 mg/L, and at full magnitude just under the SIS's overdose limit.
      const before = setpoints.chlorineMgL;
      setpoints.chlorineMgL = Math.min(4, before + 1.4 * magnitude);
      return { restore: () => (setpoints.chlorineMgL = before) };
    }
    case 'sensor_spoofing': {
      const mode = options.spoofMode ?? 'replay';
      const spoof: InstrumentSpoof = {
        mode,
        reaches: options.spoofReaches ?? 'plc',
        startS: plant.process.timeS,
        recording:
          mode === 'replay' ? recordLevel(plant) : mode === 'freeze' ? [readInstruments(plant).tankLevelM] : [],
        // Slow enough to stay inside the normal band for an hour or more.
        driftMPerHour: 0.5 * magnitude,
      };
      plant.spoof = spoof;
      return { restore: () => delete plant.spoof };
    }
    case 'sis_bypass_overdose': {
      const before = {
        bypassed: safety.bypassed.chlorine_overdose,
        manual: setpoints.chlorineManual,
        output: setpoints.chlorineManualOutputPct,
      };
      safety.bypassed.chlorine_overdose = true;
      setpoints.chlorineManual = true;
      setpoints.chlorineManualOutputPct = Math.min(100, 100 * magnitude);
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
