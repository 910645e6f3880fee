/**
 * Evasion of anomaly detection (R5), measured: attacks that raise the chlorine set-point beyond
 * the procedures' limit while hiding from the plant's detector, run against a simulated copy of
 * the plant with the statistical detector alone and with hardened detection (R6). An attack
 * succeeds when the harm happens (true chlorine residual above 1.0 mg/L) before any alert.
 * The detector is trained on a day of the plant's normal operation; each run then watches an
 * hour more of it before the attack starts. Deterministic for a seed; pure: no I/O.
 *
 * - `tamper-unmasked`: the set-point raised, nothing hidden (the detector should see it).
 * - `replay-loop`: the attacker, in the middle of the SCADA network, replays the last ten
 *   minutes of every monitored reading in a loop (as Stuxnet replayed normal values).
 * - `replay-old-recording`: the same with readings recorded two hours earlier, played once
 *   (no loop, nothing the replay check remembers).
 * Benign runs (normal operation) count false alerts. Alerts raise and clear as live ones do; an
 * attack counts as detected only by an alert raised after it began.
 * @module
 */
import { createPlant, INPUT_REGISTERS, Random, stepPlant, type PlantState } from '../plant/index.js';
import { DetectorWatch } from './hardening.js';
import { trainDetector } from './training.js';

export const EVASION_CASES = ['tamper-unmasked', 'replay-loop', 'replay-old-recording'] as const;
export type EvasionCase = (typeof EVASION_CASES)[number];

/** The procedures' upper limit of chlorine residual: above it, the water is out of specification. */
export const HARM_CHLORINE_MGL = 1.0;
/** What the attacker writes to the chlorine set-point (under the SIS's overdose trip at 2.0). */
const TAMPERED_CHLORINE_MGL = 1.8;
const WARM_UP_S = 300;
/** A day: the detector must have seen the plant's daily cycle (shorter training raised false alerts). */
const TRAIN_S = 24 * 3600;
const RECORD_S = 3600;
const ATTACK_S = 3600;
const LOOP_S = 600;

/** The readings the detector watches, as SCADA reports them. */
const TAGS = INPUT_REGISTERS.map((register) => register.name);
const LEVEL = TAGS.indexOf('tank_level');
const CHLORINE = TAGS.indexOf('chlorine_residual');
/** The instruments' noise (standard deviations) of level and chlorine, as the plant model gives them. */
const TRANSMITTER_NOISE = [0.005, 0.01];

export interface EvasionOutcome {
  /** Share of runs in which the harm happened before any alert. */
  successRate: number;
  /** Mean seconds from the attack's start to the first alert, over the runs with one. */
  meanAlertS: number | null;
}

export interface EvasionMeasurement {
  repeats: number;
  cases: { id: EvasionCase; baseline: EvasionOutcome; hardened: EvasionOutcome }[];
  /** Alerts per hour of normal operation (benign runs, two hours watched each). */
  falseAlertsPerHour: { baseline: number; hardened: number };
  /** Mean success over the cases. */
  successRate: { baseline: number; hardened: number };
}

function scadaRow(plant: PlantState): number[] {
  const measured = stepPlant(plant, 1);
  return INPUT_REGISTERS.map((register) => register.read(measured, plant));
}

/** Both detectors watching one run: the statistical one alone, and with the hardened checks. */
class Watch {
  private readonly watch: DetectorWatch;
  /** When each detector raised an alert (seconds from the attack's start; before it: false alerts). */
  readonly baselineAlerts: number[] = [];
  readonly hardenedAlerts: number[] = [];

  constructor(detector: ReturnType<typeof trainDetector>) {
    this.watch = new DetectorWatch(detector.model, detector.threshold, {
      hardened: true,
      crossCheck: { indexes: [LEVEL, CHLORINE], noise: TRANSMITTER_NOISE },
    });
  }

  observe(timeS: number, monitored: number[], independent: number[]): void {
    const step = this.watch.observe(timeS, monitored, independent);
    if (step.statistical === 'raise') this.baselineAlerts.push(timeS);
    // Hardened: any of its checks raising is an alert (each check keeps its own state).
    if (step.statistical === 'raise' || step.replay === 'raise' || step.crossCheck === 'raise')
      this.hardenedAlerts.push(timeS);
  }
}

interface RunResult {
  harmS: number | undefined;
  baselineAlerts: number[];
  hardenedAlerts: number[];
}

/** A plant after a day of normal operation, the detector trained on that day, and the day's rows. */
interface TrainedPlant {
  plant: PlantState;
  training: number[][];
  detector: ReturnType<typeof trainDetector>;
}

function trainedPlant(seed: number): TrainedPlant {
  const plant = createPlant(seed);
  for (let t = 0; t < WARM_UP_S; t += 1) stepPlant(plant, 1);
  const training: number[][] = [];
  for (let t = 0; t < TRAIN_S; t += 1) training.push(scadaRow(plant));
  const detector = trainDetector(
    { tags: TAGS, history: training.map((values) => ({ values, tripped: false })), contributed: [] },
    false,
  );
  return { plant, training, detector };
}

/** One run from a trained plant (left untouched): an hour more of normal operation, then the attack (or not). */
export function runEvasion(trained: TrainedPlant, attack: EvasionCase | 'benign', seed: number): RunResult {
  const plant = structuredClone(trained.plant);
  const safetyNoise = new Random(seed * 7919 + 1);
  const watch = new Watch(trained.detector);
  // The safety system's own transmitters read the process itself, with their own noise.
  const independent = () => [
    plant.process.tankLevelM + TRANSMITTER_NOISE[0]! * safetyNoise.normal(),
    plant.process.chlorineMgL + TRANSMITTER_NOISE[1]! * safetyNoise.normal(),
  ];
  const recorded: number[][] = [];
  for (let t = 0; t < RECORD_S; t += 1) {
    const row = scadaRow(plant);
    recorded.push(row);
    watch.observe(t - RECORD_S, row, independent());
  }
  if (attack !== 'benign') plant.setpoints.chlorineMgL = TAMPERED_CHLORINE_MGL;
  const loop = recorded.slice(-LOOP_S);
  // Recorded three hours before the attack began: long out of the replay check's memory.
  const old = trained.training.slice(TRAIN_S - 2 * 3600 - ATTACK_S, TRAIN_S - 2 * 3600);
  let harmS: number | undefined;
  for (let t = 0; t < ATTACK_S; t += 1) {
    const actual = scadaRow(plant);
    const monitored =
      attack === 'replay-loop' ? loop[t % loop.length]! : attack === 'replay-old-recording' ? old[t]! : actual;
    watch.observe(t, monitored, independent());
    if (attack !== 'benign' && harmS === undefined && plant.process.chlorineMgL > HARM_CHLORINE_MGL) harmS = t;
  }
  return { harmS, baselineAlerts: watch.baselineAlerts, hardenedAlerts: watch.hardenedAlerts };
}

const WATCHED_HOURS = (RECORD_S + ATTACK_S) / 3600;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const rate = (count: number, of: number) => Math.round((count / Math.max(1, of)) * 1000) / 1000;

/** The first alert raised once the attack had begun. */
const firstDuringAttack = (alerts: number[]) => alerts.find((alert) => alert >= 0);

function outcome(runs: RunResult[], alertsOf: (run: RunResult) => number[]): EvasionOutcome {
  const evaded = runs.filter((run) => {
    const alert = firstDuringAttack(alertsOf(run));
    return run.harmS !== undefined && (alert === undefined || alert > run.harmS);
  }).length;
  const alerts = runs
    .map((run) => firstDuringAttack(alertsOf(run)))
    .filter((alert): alert is number => alert !== undefined);
  return {
    successRate: rate(evaded, runs.length),
    meanAlertS: alerts.length ? Math.round(alerts.reduce((sum, alert) => sum + alert, 0) / alerts.length) : null,
  };
}

/** Every case and a benign run per repetition, each repetition with its own plant (trained once, cloned per run). */
export function measureEvasion(options: { repeats: number; plantSeed: number }): EvasionMeasurement {
  const seeds = Array.from({ length: options.repeats }, (_, repeat) => options.plantSeed + repeat * 1009);
  const plants = seeds.map(trainedPlant);
  const cases = EVASION_CASES.map((id) => {
    const runs = plants.map((trained, i) => runEvasion(trained, id, seeds[i]!));
    return {
      id,
      baseline: outcome(runs, (run) => run.baselineAlerts),
      hardened: outcome(runs, (run) => run.hardenedAlerts),
    };
  });
  const benign = plants.map((trained, i) => runEvasion(trained, 'benign', seeds[i]!));
  const mean = (values: number[]) =>
    rate(
      values.reduce((sum, value) => sum + value, 0),
      values.length,
    );
  return {
    repeats: options.repeats,
    cases,
    falseAlertsPerHour: {
      baseline: rate(sum(benign.map((run) => run.baselineAlerts.length)), benign.length * WATCHED_HOURS),
      hardened: rate(sum(benign.map((run) => run.hardenedAlerts.length)), benign.length * WATCHED_HOURS),
    },
    successRate: {
      baseline: mean(cases.map((row) => row.baseline.successRate)),
      hardened: mean(cases.map((row) => row.hardened.successRate)),
    },
  };
}
