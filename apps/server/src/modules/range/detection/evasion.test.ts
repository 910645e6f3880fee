/**
 * Evasion of anomaly detection (R5) reproduced, and hardened detection (R6) measured against it:
 * replays fool the statistical detector; the replay and independent-transmitter checks do not;
 * normal operation raises no alert with either.
 */
import { describe, expect, it } from 'vitest';
import { measureEvasion } from './evasion.js';
import { AlertGate, ReplayCheck, TransmitterCrossCheck } from './hardening.js';

describe('hardened detection checks', () => {
  it('calls a replay only when a reading’s sequence repeats at one lag within its memory, and names it', () => {
    // Tag 0 is quantised noise (a few distinct values, as SCADA rounds them); tag 1 a pump output
    // that never changes (no evidence of anything).
    const noise = (i: number) => Math.round(Math.sin(i * 12.9898) * 43758.5453) % 4;
    const rows = Array.from({ length: 200 }, (_, i) => [noise(i), 66.5]);
    const replay = new ReplayCheck(2, 300, 5, 30);
    expect(rows.map((row, t) => replay.observe(t, row)).every((tag) => tag === -1)).toBe(true);
    // Tag 0 played back from its recording (lag 200): once a whole window repeats, five seconds running.
    const seen = Array.from({ length: 60 }, (_, i) => replay.observe(200 + i, [rows[i]![0]!, 66.5]));
    expect(seen.indexOf(0)).toBe(30 - 1 + 4);
    // Windows older than the memory are forgotten: replaying them is not seen.
    const forgetful = new ReplayCheck(2, 100, 5, 30);
    rows.forEach((row, t) => forgetful.observe(t, row));
    expect(Array.from({ length: 60 }, (_, i) => forgetful.observe(200 + i, rows[i]!))).not.toContain(0);
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
