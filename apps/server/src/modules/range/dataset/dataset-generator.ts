/**
 * Labelled synthetic data sets from the plant model, generated faster than real time: normal
 * operation with faults (predictive maintenance, sensor faults) and attacks (set-point
 * tampering, sensor spoofing, a bypassed safety trip) injected in scheduled windows. Every row
 * carries the event label, an anomaly flag and `synthetic=true`. Pure: no I/O.
 * @module
 */
import { DATASET_EVENTS, type DatasetEventKind } from '@renkei/contracts';
import { createPlant, INPUT_REGISTERS, stepPlant, TRIPS, type Measurements, type PlantState } from '../plant/index.js';

/** Which events are attacks (the rest are faults); the label column says which happened. */
export const ATTACK_EVENTS: ReadonlySet<DatasetEventKind> = new Set([
  'setpoint_tampering',
  'sensor_spoofing',
  'sis_bypass_overdose',
]);

export interface DatasetEvent {
  kind: DatasetEventKind;
  startS: number;
  durationS: number;
}

export interface DatasetSpec {
  seed: number;
  durationS: number;
  /** One row per this many simulated seconds (the plant itself steps every second). */
  everyS: number;
  events: DatasetEvent[];
}

export const DATASET_COLUMNS = [
  'sim_time_s',
  ...INPUT_REGISTERS.map((register) => register.name),
  ...TRIPS.map((trip) => `trip_${trip}`),
  'label',
  'anomaly',
  'synthetic',
] as const;

export type DatasetRow = (string | number | boolean)[];

interface ActiveEvent {
  event: DatasetEvent;
  restore: () => void;
  frozen?: Measurements;
}

/** Starts an event on the plant; returns how to undo it. */
function begin(plant: PlantState, event: DatasetEvent, measured: Measurements): ActiveEvent {
  const { faults, setpoints, safety } = plant;
  switch (event.kind) {
    case 'pump_degradation': {
      const before = faults.intakePumpWearPerHour;
      // Accelerated wear: a bearing going over a few hours, so one lab day shows the whole trend.
      faults.intakePumpWearPerHour = 0.06;
      return { event, restore: () => (faults.intakePumpWearPerHour = before) };
    }
    case 'chlorine_sensor_drift': {
      const before = faults.chlorineSensorDriftPerHour;
      faults.chlorineSensorDriftPerHour = 0.6;
      return {
        event,
        restore: () => ((faults.chlorineSensorDriftPerHour = before), (plant.chlorineSensorOffsetMgL = 0)),
      };
    }
    case 'turbidity_spike': {
      const before = faults.turbiditySpikeNtu;
      faults.turbiditySpikeNtu = 40;
      return { event, restore: () => (faults.turbiditySpikeNtu = before) };
    }
    case 'setpoint_tampering': {
      // What a Modbus write to holding register chlorine_setpoint would do.
      const before = setpoints.chlorineMgL;
      setpoints.chlorineMgL = 1.9;
      return { event, restore: () => (setpoints.chlorineMgL = before) };
    }
    case 'sensor_spoofing':
      // The level transmitter reports a frozen (replayed) value while the real level moves.
      return { event, restore: () => undefined, frozen: { ...measured } };
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
        event,
        restore: () => {
          safety.bypassed.chlorine_overdose = before.bypassed;
          setpoints.chlorineManual = before.manual;
          setpoints.chlorineManualOutputPct = before.output;
        },
      };
    }
  }
}

/**
 * Yields the rows of a data set, oldest first. `onProgress` is called about every 1 % so a job
 * can report progress; generation is deterministic for a spec.
 */
export function* generateDataset(spec: DatasetSpec, onProgress?: (fraction: number) => void): Generator<DatasetRow> {
  const plant = createPlant(spec.seed);
  // Let the loops settle before the first recorded row.
  let measured = stepPlant(plant, 600);
  plant.process.timeS = 0;
  const pending = [...spec.events].sort((a, b) => a.startS - b.startS);
  const active: ActiveEvent[] = [];
  const progressEvery = Math.max(1, Math.floor(spec.durationS / 100));
  for (let t = 0; t <= spec.durationS; t += 1) {
    while (pending[0] && pending[0].startS <= t) active.push(begin(plant, pending.shift()!, measured));
    for (let i = active.length - 1; i >= 0; i -= 1) {
      const current = active[i]!;
      if (t >= current.event.startS + current.event.durationS) {
        current.restore();
        active.splice(i, 1);
      }
    }
    measured = stepPlant(plant, 1);
    const frozen = active.find((a) => a.frozen)?.frozen;
    const reported: Measurements = frozen ? { ...measured, tankLevelM: frozen.tankLevelM } : measured;
    if (t % spec.everyS === 0) {
      const label = active.map((a) => a.event.kind).join('+') || 'normal';
      yield [
        t,
        ...INPUT_REGISTERS.map(
          (register) => Math.round(register.read(reported, plant) * register.scale) / register.scale,
        ),
        ...TRIPS.map((trip) => plant.safety.tripped[trip]),
        label,
        label === 'normal' ? 0 : 1,
        true,
      ];
    }
    if (onProgress && t % progressEvery === 0) onProgress(t / spec.durationS);
  }
}

/** A sensible default schedule: normal first, then each fault and attack once, spread over the run. */
export function defaultEvents(durationS: number): DatasetEvent[] {
  const slot = durationS / (DATASET_EVENTS.length + 1);
  return DATASET_EVENTS.map((kind, index) => ({
    kind,
    startS: Math.round(slot * (index + 1)),
    durationS: Math.round(Math.min(slot * 0.6, 6 * 3600)),
  }));
}
