/**
 * Evasion of anomaly detection (R5) reproduced, and hardened detection (R6) measured against it:
 * replays fool the statistical detector; the replay and independent-transmitter checks do not;
 * normal operation raises no alert with either.
 */
import { describe, expect, it } from 'vitest';
import { measureEvasion } from './evasion.js';
import { AlertGate, ReplayCheck, TransmitterCrossCheck } from './hardening.js';

describe('hardened detection checks', () => {
  it('calls a replay only when rows repeat at one lag within its memory', () => {
    const replay = new ReplayCheck(100, 5);
    const rows = Array.from({ length: 40 }, (_, i) => [i * 0.37, Math.sin(i)]);
    let flagged = false;
    for (let t = 0; t < 40; t += 1) flagged ||= replay.observe(t, rows[t]!);
    expect(flagged).toBe(false);
    // The first ten rows again: a replay at lag 40.
    const seen = Array.from({ length: 10 }, (_, i) => replay.observe(40 + i, rows[i]!));
    expect(seen.indexOf(true)).toBe(4);
    // Rows older than the memory are forgotten: replaying them is not seen.
    const forgetful = new ReplayCheck(20, 5);
    for (let t = 0; t < 40; t += 1) forgetful.observe(t, rows[t]!);
    expect(Array.from({ length: 10 }, (_, i) => forgetful.observe(40 + i, rows[i]!))).not.toContain(true);
  });

  it('compares readings with their independent transmitters beyond both noises, and raises after five seconds', () => {
    const check = new TransmitterCrossCheck([0.01], 6);
    expect(check.disagrees([1.0], [1.08])).toBe(false); // 8 σ of one, under 6 σ of the difference (8.5)
    expect(check.disagrees([1.0], [1.09])).toBe(true);
    const gate = new AlertGate();
    expect([1, 2, 3, 4, 5].map(() => gate.observe(true))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'raise',
    ]);
    expect(Array.from({ length: 30 }, () => gate.observe(false)).at(-1)).toBe('clear');
  });
});

describe('evasion of the anomaly detector, measured', () => {
  it('replays evade the statistical detector; hardened detection catches them without false alerts', () => {
    const measured = measureEvasion({ repeats: 2, plantSeed: 7 });
    console.log(JSON.stringify(measured));
    const row = (id: string) => measured.cases.find((c) => c.id === id)!;
    // Raised openly, the tampering is seen by the detector before the water is out of specification.
    expect(row('tamper-unmasked').baseline.successRate).toBe(0);
    expect(row('tamper-unmasked').baseline.meanAlertS).not.toBeNull();
    for (const id of ['replay-loop', 'replay-old-recording']) {
      expect(row(id).baseline.successRate, id).toBe(1);
      expect(row(id).hardened.successRate, id).toBe(0);
    }
    expect(measured.successRate.hardened).toBeLessThan(measured.successRate.baseline);
    expect(measured.falseAlertsPerHour).toEqual({ baseline: 0, hardened: 0 });
  });
});
