/**
 * Predictive maintenance of the intake pump, pure: the trend of vibration and motor temperature
 * over recent history (least squares against simulated time), extrapolated to the limits where
 * the pump should be taken out of service — ISO 10816-3's boundary into zone D for a medium
 * machine on rigid foundations (7.1 mm/s RMS) and 90 °C for the motor — with the motor current's
 * deviation from its recent mean as a second sign. No I/O.
 * @module
 */

export const VIBRATION_LIMIT_MM_S = 7.1;
export const MOTOR_TEMPERATURE_LIMIT_C = 90;
/**
 * Trends below these are load changes and noise, not wear: vibration follows the pump's load by
 * ±0.1 mm/s and the motor's temperature by several degrees over a few hours.
 */
const MIN_VIBRATION_TREND_PER_H = 0.1;
const MIN_TEMPERATURE_TREND_PER_H = 1;
const TEMPERATURE_WATCH_FROM_C = 70;
/** Hours to a limit under which maintenance is due now, and under which it should be planned. */
const ACT_WITHIN_H = 24;
const WATCH_WITHIN_H = 24 * 7;

export interface PumpHealth {
  samples: number;
  vibrationMmS: number;
  vibrationTrendPerHour: number;
  motorTemperatureC: number;
  temperatureTrendPerHour: number;
  currentA: number;
  /** Simulated hours until the first limit is reached at the present trend (null: not rising). */
  hoursToLimit: number | null;
  limitingSign: 'vibration' | 'temperature' | null;
  status: 'ok' | 'watch' | 'act';
}

/** Slope (per hour) and last fitted value of a least-squares line through (seconds, value). */
function trend(points: readonly [number, number][]): { slopePerHour: number; level: number } {
  const n = points.length;
  const meanT = points.reduce((sum, [t]) => sum + t, 0) / n;
  const meanV = points.reduce((sum, [, v]) => sum + v, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [t, v] of points) {
    covariance += (t - meanT) * (v - meanV);
    variance += (t - meanT) ** 2;
  }
  const slope = variance > 0 ? covariance / variance : 0;
  const lastT = points[n - 1]![0];
  return { slopePerHour: slope * 3600, level: meanV + slope * (lastT - meanT) };
}

/** Health of the pump from samples (simulated seconds, vibration mm/s, motor °C, current A), oldest first. */
export function pumpHealth(
  samples: readonly { t: number; vibrationMmS: number; motorTemperatureC: number; currentA: number }[],
): PumpHealth | undefined {
  // A stopped pump (no current) says nothing about its bearings.
  const running = samples.filter((sample) => sample.currentA > 1);
  if (running.length < 10) return undefined;
  const vibration = trend(running.map((s) => [s.t, s.vibrationMmS]));
  const temperature = trend(running.map((s) => [s.t, s.motorTemperatureC]));
  const hoursTo = (level: number, slope: number, limit: number, minSlope: number) =>
    level >= limit ? 0 : slope >= minSlope ? (limit - level) / slope : null;
  const candidates = [
    {
      sign: 'vibration' as const,
      hours: hoursTo(vibration.level, vibration.slopePerHour, VIBRATION_LIMIT_MM_S, MIN_VIBRATION_TREND_PER_H),
    },
    {
      sign: 'temperature' as const,
      hours:
        temperature.level >= TEMPERATURE_WATCH_FROM_C
          ? hoursTo(temperature.level, temperature.slopePerHour, MOTOR_TEMPERATURE_LIMIT_C, MIN_TEMPERATURE_TREND_PER_H)
          : null,
    },
  ].filter((candidate): candidate is { sign: 'vibration' | 'temperature'; hours: number } => candidate.hours !== null);
  const first = candidates.sort((a, b) => a.hours - b.hours)[0];
  const hoursToLimit = first ? first.hours : null;
  return {
    samples: running.length,
    vibrationMmS: vibration.level,
    vibrationTrendPerHour: vibration.slopePerHour,
    motorTemperatureC: temperature.level,
    temperatureTrendPerHour: temperature.slopePerHour,
    currentA: running.reduce((sum, s) => sum + s.currentA, 0) / running.length,
    hoursToLimit,
    limitingSign: first?.sign ?? null,
    status:
      hoursToLimit === null || hoursToLimit > WATCH_WITHIN_H ? 'ok' : hoursToLimit > ACT_WITHIN_H ? 'watch' : 'act',
  };
}
