/**
 * A water-treatment plant, simulated: intake pump → coagulant dosing → filtration → chlorine
 * dosing → clear-water tank → distribution pumps. Continuous dynamics integrated with a fixed
 * step (levels, flows, chlorine residual, pH, turbidity, pressure), sensor noise and drift,
 * actuator limits, and intake-pump health (vibration, motor current, temperature) that degrades
 * toward failure. Pure and deterministic for a seed: no clock, no I/O.
 *
 * Why water treatment: it is critical infrastructure the seed names, every student understands
 * it, and its hazards (overflow, chlorine overdose, loss of pressure) map to the three safety
 * trips an SIS must show.
 * @module
 */

/** Deterministic PRNG (mulberry32) and a normal variate, so a seed reproduces a run exactly. */
export class Random {
  /** Box–Muller gives two independent normals per pair of uniforms; the second waits here. */
  private spare: number | undefined;
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number {
    if (this.spare !== undefined) {
      const spare = this.spare;
      this.spare = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(Math.max(this.next(), 1e-12)));
    const angle = 2 * Math.PI * this.next();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
  get seed(): number {
    return this.state;
  }
}

/** Plant constants. */
export const PLANT = {
  tankAreaM2: 120,
  tankHeightM: 6,
  intakeMaxM3h: 300,
  distributionMaxM3h: 320,
  chlorineMaxMgL: 5,
  coagulantMaxMgL: 60,
  chlorineDecayPerHour: 0.25,
  pumpHeadBar: 6.5,
} as const;

/** Operator set-points and commands (what HMI, Modbus and the AI agent may write). */
export interface Setpoints {
  tankLevelM: number;
  chlorineMgL: number;
  pressureBar: number;
  /** Run commands of the three pumps (operator may stop them; SIS trips override). */
  intakePumpOn: boolean;
  distributionPumpOn: boolean;
  chlorinePumpOn: boolean;
  /** Manual mode: the operator sets the chlorine pump output directly (0–100 %). */
  chlorineManual: boolean;
  chlorineManualOutputPct: number;
}

/** Physical state (true values; sensors add noise and drift on top). */
export interface ProcessState {
  timeS: number;
  tankLevelM: number;
  chlorineMgL: number;
  phValue: number;
  rawTurbidityNtu: number;
  treatedTurbidityNtu: number;
  filterDpBar: number;
  intakeFlowM3h: number;
  distributionFlowM3h: number;
  pressureBar: number;
  demandM3h: number;
  /** Actuator outputs 0–100 %. */
  intakePumpPct: number;
  distributionPumpPct: number;
  chlorinePumpPct: number;
  coagulantPumpPct: number;
  /** Intake pump health: 0 = new, 1 = failed. */
  intakePumpWear: number;
  vibrationMmS: number;
  motorCurrentA: number;
  motorTempC: number;
}

/** PI controller with output limits and anti-windup. */
export interface PiState {
  integral: number;
}

export interface ControllerStates {
  level: PiState;
  chlorine: PiState;
  pressure: PiState;
}

export const TRIPS = ['high_level', 'chlorine_overdose', 'low_level', 'low_pressure'] as const;
export type Trip = (typeof TRIPS)[number];

/** The safety instrumented system: independent of the PLC, latched trips, explicit bypasses. */
export interface SafetyState {
  tripped: Record<Trip, boolean>;
  bypassed: Record<Trip, boolean>;
  /**
   * Start-up inhibit of the low-pressure trip: simulated time until which it is not armed. It is
   * pushed forward while the distribution pumps are stopped, so a restart gets
   * `STARTUP_INHIBIT_S` to build pressure (states saved before it existed: armed).
   */
  lowPressureArmedAtS?: number;
}

/** How long the low-pressure trip waits after the distribution pumps start (pressure builds in ~20 s). */
export const STARTUP_INHIBIT_S = 60;

export const SAFETY_LIMITS = {
  highLevelM: 5.5,
  chlorineOverdoseMgL: 2.0,
  lowLevelM: 0.4,
  lowPressureBar: 1.0,
} as const;

export interface Faults {
  /** Extra wear per hour on the intake pump (predictive-maintenance labs). */
  intakePumpWearPerHour: number;
  /** Drift of the chlorine analyser, mg/L per hour (sensor fault). */
  chlorineSensorDriftPerHour: number;
  /** Raw-water turbidity spike, NTU (storm). */
  turbiditySpikeNtu: number;
}

/**
 * A falsified tank-level transmitter (sensor spoofing). Where it `reaches` the PLC, the level
 * loop acts on the false value; SCADA (Modbus reads, MQTT, the HMI) always shows it; the SIS has
 * its own transmitters (IEC 61511 independence) and never does.
 */
export interface InstrumentSpoof {
  mode: 'freeze' | 'replay' | 'drift';
  reaches: 'plc' | 'scada';
  /** Simulated time the spoof began. */
  startS: number;
  /** freeze: one value; replay: readings one per second, looped; drift: unused. */
  recording: number[];
  /** drift: metres per hour the reading falls below the truth. */
  driftMPerHour: number;
}

export interface PlantState {
  seed: number;
  rngState: number;
  process: ProcessState;
  setpoints: Setpoints;
  controllers: ControllerStates;
  safety: SafetyState;
  faults: Faults;
  /** Accumulated sensor drift. */
  chlorineSensorOffsetMgL: number;
  /** Sensor spoofing in progress, if any. */
  spoof?: InstrumentSpoof;
}

export function createPlant(seed: number): PlantState {
  return {
    seed,
    rngState: seed,
    process: {
      timeS: 0,
      tankLevelM: 3,
      chlorineMgL: 0.5,
      phValue: 7.2,
      rawTurbidityNtu: 8,
      treatedTurbidityNtu: 0.3,
      filterDpBar: 0.3,
      intakeFlowM3h: 200,
      distributionFlowM3h: 200,
      pressureBar: 4,
      demandM3h: 200,
      intakePumpPct: 66,
      distributionPumpPct: 62,
      chlorinePumpPct: 20,
      coagulantPumpPct: 30,
      intakePumpWear: 0.05,
      vibrationMmS: 1.8,
      motorCurrentA: 42,
      motorTempC: 55,
    },
    setpoints: {
      tankLevelM: 3,
      chlorineMgL: 0.5,
      pressureBar: 4,
      intakePumpOn: true,
      distributionPumpOn: true,
      chlorinePumpOn: true,
      chlorineManual: false,
      chlorineManualOutputPct: 0,
    },
    controllers: { level: { integral: 66 }, chlorine: { integral: 20 }, pressure: { integral: 62 } },
    safety: {
      tripped: { high_level: false, chlorine_overdose: false, low_level: false, low_pressure: false },
      bypassed: { high_level: false, chlorine_overdose: false, low_level: false, low_pressure: false },
    },
    faults: { intakePumpWearPerHour: 0, chlorineSensorDriftPerHour: 0, turbiditySpikeNtu: 0 },
    chlorineSensorOffsetMgL: 0,
  };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function pi(state: PiState, error: number, kp: number, ki: number, dtS: number, low = 0, high = 100): number {
  const unclamped = kp * error + state.integral + ki * error * dtS;
  const output = clamp(unclamped, low, high);
  // Anti-windup: integrate only while the output is not saturated in the error's direction.
  if (output === unclamped || (unclamped > high && error < 0) || (unclamped < low && error > 0))
    state.integral = clamp(state.integral + ki * error * dtS, low, high);
  return output;
}

/** Consumer demand, m³/h: a diurnal curve (morning and evening peaks). */
export function demandAt(timeS: number): number {
  const hour = (timeS / 3600) % 24;
  return (
    200 +
    60 * Math.exp(-((hour - 7.5) ** 2) / 2) +
    50 * Math.exp(-((hour - 19) ** 2) / 3) -
    70 * Math.exp(-((hour - 3) ** 2) / 4)
  );
}

/** Measurements as the instruments report them: noise and drift on top of the true values. */
export type Measurements = Pick<
  ProcessState,
  | 'tankLevelM'
  | 'chlorineMgL'
  | 'phValue'
  | 'rawTurbidityNtu'
  | 'treatedTurbidityNtu'
  | 'filterDpBar'
  | 'intakeFlowM3h'
  | 'distributionFlowM3h'
  | 'pressureBar'
  | 'vibrationMmS'
  | 'motorCurrentA'
  | 'motorTempC'
>;

function instruments(plant: PlantState, random: Random): Measurements {
  const p = plant.process;
  return {
    tankLevelM: p.tankLevelM + 0.005 * random.normal(),
    chlorineMgL: Math.max(0, p.chlorineMgL + plant.chlorineSensorOffsetMgL + 0.01 * random.normal()),
    phValue: p.phValue + 0.01 * random.normal(),
    rawTurbidityNtu: Math.max(0, p.rawTurbidityNtu + 0.2 * random.normal()),
    treatedTurbidityNtu: Math.max(0, p.treatedTurbidityNtu + 0.01 * random.normal()),
    filterDpBar: p.filterDpBar + 0.002 * random.normal(),
    intakeFlowM3h: Math.max(0, p.intakeFlowM3h + 1.5 * random.normal()),
    distributionFlowM3h: Math.max(0, p.distributionFlowM3h + 1.5 * random.normal()),
    pressureBar: Math.max(0, p.pressureBar + 0.02 * random.normal()),
    vibrationMmS: Math.max(0, p.vibrationMmS + 0.05 * random.normal()),
    motorCurrentA: Math.max(0, p.motorCurrentA + 0.3 * random.normal()),
    motorTempC: p.motorTempC + 0.1 * random.normal(),
  };
}

/** The level a spoofed transmitter reports at `timeS` instead of `trueLevelM`. */
function spoofedLevel(spoof: InstrumentSpoof, trueLevelM: number, timeS: number): number {
  const elapsedS = Math.max(0, timeS - spoof.startS);
  if (spoof.mode === 'drift') return Math.max(0, trueLevelM - (spoof.driftMPerHour * elapsedS) / 3600);
  if (spoof.recording.length === 0) return trueLevelM;
  return spoof.recording[Math.floor(elapsedS) % spoof.recording.length]!;
}

function withSpoof(measured: Measurements, spoof: InstrumentSpoof | undefined, timeS: number): Measurements {
  if (!spoof) return measured;
  return { ...measured, tankLevelM: spoofedLevel(spoof, measured.tankLevelM, timeS) };
}

/**
 * The instruments' current reading as SCADA sees it (spoofing included), without advancing the
 * plant (its random stream is untouched).
 */
export function readInstruments(plant: PlantState): Measurements {
  return withSpoof(instruments(plant, new Random(plant.rngState)), plant.spoof, plant.process.timeS);
}

/** Longest integration step: the loops and the pressure dynamics are tuned for it. */
const MAX_STEP_S = 1;

/**
 * Advances the plant by `dtS` seconds — PLC scan, SIS and physics, in sub-steps of at most one
 * second so that generating data faster than real time stays stable — and returns the last
 * measurements as SCADA sees them (a spoofed transmitter included).
 */
export function stepPlant(plant: PlantState, dtS: number): Measurements {
  let measured = scan(plant, Math.min(dtS, MAX_STEP_S));
  for (let done = Math.min(dtS, MAX_STEP_S); done < dtS - 1e-9; done += MAX_STEP_S)
    measured = scan(plant, Math.min(MAX_STEP_S, dtS - done));
  return measured;
}

/** SIS: a trip latches when its condition holds, unless it is bypassed. */
function trip(safety: SafetyState, name: Trip, condition: boolean): void {
  if (condition && !safety.bypassed[name]) safety.tripped[name] = true;
}

/** Actuators slew at most 10 %/s (motor ramps). */
function slew(current: number, target: number, dtS: number): number {
  return current + clamp(target - current, -10 * dtS, 10 * dtS);
}

// The scan allocates no closures: it runs 10 times a second per plant and 2.6 million times
// for a month of generated data.
function scan(plant: PlantState, dtS: number): Measurements {
  const random = new Random(plant.rngState);
  const p = plant.process;
  const sp = plant.setpoints;
  const hours = dtS / 3600;

  // --- Instruments (what the PLC and SIS see) ---------------------------------------------
  plant.chlorineSensorOffsetMgL += plant.faults.chlorineSensorDriftPerHour * hours;
  const sensed = instruments(plant, random);
  // A spoofed transmitter: SCADA always sees the false value, the PLC where it reaches the PLC.
  const spoof = plant.spoof;
  const reported = withSpoof(sensed, spoof, p.timeS);
  const measured = spoof?.reaches === 'plc' ? reported : sensed;

  // --- Safety instrumented system: its own transmitters (never spoofed), limits latched ------
  const s = plant.safety;
  trip(s, 'high_level', sensed.tankLevelM >= SAFETY_LIMITS.highLevelM);
  trip(s, 'chlorine_overdose', sensed.chlorineMgL >= SAFETY_LIMITS.chlorineOverdoseMgL);
  trip(s, 'low_level', sensed.tankLevelM <= SAFETY_LIMITS.lowLevelM);
  // Low pressure means a burst or a failed pump only once the pumps have had time to build it:
  // the trip is inhibited while they are stopped and for STARTUP_INHIBIT_S after they start.
  if (p.distributionPumpPct < 5) s.lowPressureArmedAtS = p.timeS + STARTUP_INHIBIT_S;
  trip(
    s,
    'low_pressure',
    sp.distributionPumpOn &&
      p.distributionPumpPct > 20 &&
      p.timeS >= (s.lowPressureArmedAtS ?? 0) &&
      sensed.pressureBar <= SAFETY_LIMITS.lowPressureBar,
  );

  // --- PLC: control loops ------------------------------------------------------------------
  const intakeAllowed = sp.intakePumpOn && !s.tripped.high_level && p.intakePumpWear < 1;
  const chlorineAllowed = sp.chlorinePumpOn && !s.tripped.chlorine_overdose;
  const distributionAllowed = sp.distributionPumpOn && !s.tripped.low_level && !s.tripped.low_pressure;
  const levelOutput = pi(
    plant.controllers.level,
    clamp(sp.tankLevelM, 0, PLANT.tankHeightM) - measured.tankLevelM,
    60,
    0.4,
    dtS,
  );
  const chlorineOutput = sp.chlorineManual
    ? clamp(sp.chlorineManualOutputPct, 0, 100)
    : pi(plant.controllers.chlorine, clamp(sp.chlorineMgL, 0, 4) - measured.chlorineMgL, 30, 0.6, dtS);
  const pressureOutput = pi(
    plant.controllers.pressure,
    clamp(sp.pressureBar, 0, 8) - measured.pressureBar,
    12,
    0.5,
    dtS,
  );
  p.intakePumpPct = slew(p.intakePumpPct, intakeAllowed ? levelOutput : 0, dtS);
  p.chlorinePumpPct = slew(p.chlorinePumpPct, chlorineAllowed ? chlorineOutput : 0, dtS);
  p.distributionPumpPct = slew(p.distributionPumpPct, distributionAllowed ? pressureOutput : 0, dtS);
  // Coagulant: feed-forward on raw turbidity.
  p.coagulantPumpPct = slew(p.coagulantPumpPct, intakeAllowed ? clamp(measured.rawTurbidityNtu * 3.5, 5, 100) : 0, dtS);

  // --- Physics ----------------------------------------------------------------------------
  p.timeS += dtS;
  p.demandM3h = demandAt(p.timeS);
  const wearFactor = 1 - 0.3 * p.intakePumpWear; // a worn pump delivers less
  p.intakeFlowM3h = (p.intakePumpPct / 100) * PLANT.intakeMaxM3h * wearFactor * clamp(1.2 - p.filterDpBar / 2, 0.2, 1);
  // Distribution: flow is what the pumps can push against demand; pressure from pump head minus friction.
  const pumpCapacity = (p.distributionPumpPct / 100) * PLANT.distributionMaxM3h * (p.tankLevelM > 0.05 ? 1 : 0);
  p.distributionFlowM3h = Math.min(pumpCapacity, p.demandM3h * (0.8 + 0.2 * Math.min(1, p.pressureBar / 4)));
  const targetPressure =
    pumpCapacity > 0
      ? Math.max(0, PLANT.pumpHeadBar * (p.distributionPumpPct / 100) ** 2 * 1.6 - (p.demandM3h / 300) ** 2 * 2.2)
      : 0;
  p.pressureBar += (targetPressure - p.pressureBar) * clamp(dtS / 3, 0, 1);
  // Mass balance of the clear-water tank.
  p.tankLevelM = clamp(
    p.tankLevelM + ((p.intakeFlowM3h - p.distributionFlowM3h) * hours) / PLANT.tankAreaM2,
    0,
    PLANT.tankHeightM,
  );
  // Raw water turbidity: slow variation plus storm spikes; filtration removes most with enough coagulant.
  const spike = plant.faults.turbiditySpikeNtu;
  p.rawTurbidityNtu = clamp(
    8 + 3 * Math.sin((2 * Math.PI * p.timeS) / 86400) + spike + 0.05 * random.normal(),
    0.5,
    500,
  );
  // Removal depends on the coagulant dose against what the raw water needs (2.1 mg/L per NTU,
  // what the feed-forward doses) and falls as the filter is loaded: a storm that outruns the
  // dosing pump makes treated water worse, never better.
  const coagulantMgL = (p.coagulantPumpPct / 100) * PLANT.coagulantMaxMgL;
  const doseRatio = Math.min(1, coagulantMgL / Math.max(0.1, 2.1 * p.rawTurbidityNtu));
  const removal = clamp(0.96 * Math.sqrt(doseRatio) - 0.0006 * p.rawTurbidityNtu, 0.3, 0.99);
  p.treatedTurbidityNtu = p.rawTurbidityNtu * (1 - removal);
  p.filterDpBar = clamp(p.filterDpBar + ((p.rawTurbidityNtu * p.intakeFlowM3h) / 5e6) * hours * 100, 0.2, 2.5);
  if (p.filterDpBar > 1.8) p.filterDpBar = 0.3; // automatic backwash
  p.phValue += ((7.4 - coagulantMgL * 0.01 - p.phValue) * dtS) / 600;
  // Chlorine residual: dosing into the inflow mixes into the tank volume, first-order decay.
  const volumeM3 = Math.max(1, p.tankLevelM * PLANT.tankAreaM2);
  const doseMgL = (p.chlorinePumpPct / 100) * PLANT.chlorineMaxMgL;
  const chlorineIn = (p.intakeFlowM3h * hours * doseMgL) / volumeM3;
  const dilution = (p.intakeFlowM3h * hours * p.chlorineMgL) / volumeM3;
  p.chlorineMgL = Math.max(
    0,
    p.chlorineMgL + chlorineIn - dilution - PLANT.chlorineDecayPerHour * p.chlorineMgL * hours,
  );
  // Intake pump health: wear with running hours and injected faults; vibration grows with wear.
  const isRunning = p.intakePumpPct > 1;
  p.intakePumpWear = clamp(
    p.intakePumpWear + (isRunning ? 0.0005 + plant.faults.intakePumpWearPerHour : 0) * hours,
    0,
    1,
  );
  const load = p.intakePumpPct / 100;
  p.vibrationMmS = isRunning ? 1.5 + 9 * p.intakePumpWear ** 2 + 0.5 * load : 0.1;
  p.motorCurrentA = isRunning ? 20 + 35 * load * (1 + 0.4 * p.intakePumpWear) : 0;
  const targetTemp = isRunning ? 40 + 25 * load + 30 * p.intakePumpWear : 25;
  p.motorTempC += (targetTemp - p.motorTempC) * clamp(dtS / 900, 0, 1);

  plant.rngState = random.seed;
  return reported;
}

/**
 * Resets a latched trip when its reset condition holds; returns whether it was reset. The SIS
 * judges by its own transmitters (a spoofed PLC transmitter cannot reset a trip). Every
 * condition can be met while the trip holds its action: level and chlorine recover with the
 * tripped pump stopped; low pressure cannot recover with the pumps stopped, so it resets once
 * they have run down, and the restart is covered by the start-up inhibit.
 */
export function resetTrip(plant: PlantState, trip: Trip): boolean {
  const sensed = instruments(plant, new Random(plant.rngState));
  const cleared =
    trip === 'high_level'
      ? sensed.tankLevelM < SAFETY_LIMITS.highLevelM - 0.2
      : trip === 'chlorine_overdose'
        ? sensed.chlorineMgL < SAFETY_LIMITS.chlorineOverdoseMgL - 0.3
        : trip === 'low_level'
          ? sensed.tankLevelM > SAFETY_LIMITS.lowLevelM + 0.2
          : sensed.pressureBar > SAFETY_LIMITS.lowPressureBar || plant.process.distributionPumpPct < 5;
  if (cleared || plant.safety.bypassed[trip]) plant.safety.tripped[trip] = false;
  return !plant.safety.tripped[trip];
}
