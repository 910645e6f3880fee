import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { plantRuntime, startPlantRuntime } from '../plant/index.js';
import { DETECTOR_TAGS, startDetection } from './detection.service.js';
import { pumpHealth, VIBRATION_LIMIT_MM_S } from './maintenance.js';
import { validateRows } from './training.js';

describe('training-data validation and pump health (pure)', () => {
  it("refuses contributed rows that leave the plant's own history, even as a large minority", () => {
    const tags = ['level', 'chlorine'];
    const history = Array.from({ length: 500 }, (_, i) => ({
      values: [3 + 0.01 * Math.sin(i), 0.5 + 0.005 * Math.cos(i)],
      tripped: i % 100 === 0,
    }));
    const poison = Array.from({ length: 300 }, () => [3, 1.9]);
    const honest = Array.from({ length: 50 }, (_, i) => [3 + 0.005 * Math.sin(i), 0.5]);
    const { accepted, rejected } = validateRows({ tags, history, contributed: [...poison, ...honest] });
    expect(rejected).toBe(5 + 300); // five rows with a trip, every poisoned row
    expect(accepted).toHaveLength(495 + 50);
  });

  it('extrapolates rising vibration to its limit, and says nothing about a stopped pump', () => {
    const rising = Array.from({ length: 720 }, (_, i) => ({
      t: i * 10,
      vibrationMmS: 3 + (i * 10 * 1) / 3600, // +1 mm/s per hour
      motorTemperatureC: 60,
      currentA: 45,
    }));
    const health = pumpHealth(rising)!;
    expect(health.vibrationTrendPerHour).toBeCloseTo(1, 6);
    expect(health.limitingSign).toBe('vibration');
    expect(health.hoursToLimit).toBeCloseTo(VIBRATION_LIMIT_MM_S - 5, 1); // at 5 mm/s after two hours
    expect(health.status).toBe('act');
    const steady = pumpHealth(rising.map((sample) => ({ ...sample, vibrationMmS: 1.8 })))!;
    expect(steady).toMatchObject({ hoursToLimit: null, status: 'ok' });
    expect(pumpHealth(rising.map((sample) => ({ ...sample, currentA: 0 })))).toBeUndefined();
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: anomaly detection on a running plant`, () => {
    let test: TestApp;
    let traineeA: Client;
    let traineeB: Client;
    let plantA: string;
    let plantB: string;
    let plantC: string;
    let stopDetection: () => Promise<void>;
    let spoof: () => Promise<{ statusCode: number }>;

    /** Runs the plant `seconds` simulated seconds at 60× (the historian records each second). */
    const run = async (id: string, seconds: number) => {
      const instance = plantRuntime(test.ctx).get(id)!;
      instance.speed = 60;
      for (let done = 0; done < seconds; done += 60) await plantRuntime(test.ctx).tick(1);
      await plantRuntime(test.ctx).logged();
    };
    const events = async (client: Client, id: string) =>
      (await client.get(`/api/plants/${id}/events`))
        .json<{ events: { kind: string; source: string }[] }>()
        .events.filter((event) => event.source === 'detector')
        .map((event) => event.kind);

    beforeAll(async () => {
      test = await createTestApp(dialect, { rangeMqttPort: 0 });
      await startPlantRuntime(test.ctx, { startClock: false });
      stopDetection = (await startDetection(test.ctx)).stop;
      const workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const [teacher, alice, bob] = [await makeUser(test.ctx), await makeUser(test.ctx), await makeUser(test.ctx)];
      await addMember(test.ctx, workspaceId, teacher.id, 'instructor');
      await addMember(test.ctx, workspaceId, alice.id, 'trainee');
      await addMember(test.ctx, workspaceId, bob.id, 'trainee');
      const instructor = await signIn(test.app, teacher.username);
      traineeA = await signIn(test.app, alice.username);
      traineeB = await signIn(test.app, bob.username);
      const create = async (name: string, owner: string) =>
        (
          await instructor.post(`/api/workspaces/${workspaceId}/plants`, { name, ownerUsername: owner, seed: 12 })
        ).json<{ id: string }>().id;
      plantA = await create('Plant A', alice.username);
      plantB = await create('Plant B', bob.username);
      plantC = await create('Plant C', alice.username);
      await run(plantA, 1800);
      await run(plantB, 1800);
      await run(plantC, 1800);
      // Plant C's transmitter is falsified later by course staff (a replay to SCADA).
      spoof = () =>
        instructor.post(`/api/plants/${plantC}/scenario-events`, {
          kind: 'sensor_spoofing',
          spoofMode: 'replay',
          spoofReaches: 'scada',
          durationS: 3600,
        });
    });
    afterAll(async () => {
      await stopDetection();
      await plantRuntime(test.ctx).stop();
      await test.destroy();
    });

    it('with hardened detection, alerts on a transmitter replayed to SCADA, naming the reading', async () => {
      const trained = await traineeA.post(`/api/plants/${plantC}/detector`, { fromS: 0, hardened: true });
      expect(trained.statusCode).toBe(201);
      expect(trained.json<{ training: { hardened: boolean } }>().training.hardened).toBe(true);
      await run(plantC, 300);
      expect(await events(traineeA, plantC)).toEqual([]);
      expect((await spoof()).statusCode).toBe(201);
      // The recording is ten minutes long: its loop repeats after 600 s.
      await run(plantC, 900);
      const alerts = (await traineeA.get(`/api/plants/${plantC}/events`))
        .json<{ events: { kind: string; source: string; detail: { check?: string; tag?: string } }[] }>()
        .events.filter((event) => event.source === 'detector');
      expect(alerts.map((event) => [event.kind, event.detail.check, event.detail.tag])).toEqual([
        ['detector-alert', 'replay', 'tank_level'],
      ]);
      expect((await traineeA.get(`/api/plants/${plantC}/detection`)).json<{ alerting: boolean }>().alerting).toBe(true);
    });

    it('measures evasion of the detector on copies of the plant, for its owner only', async () => {
      const measured = await traineeA.post(`/api/plants/${plantA}/detector/evasion`, { repeats: 1 });
      expect(measured.statusCode).toBe(200);
      const table = measured.json<{
        cases: { id: string; baseline: { successRate: number }; hardened: { successRate: number } }[];
        falseAlertsPerHour: { baseline: number; hardened: number };
      }>();
      expect(table.cases.map((row) => [row.id, row.baseline.successRate, row.hardened.successRate])).toEqual([
        ['tamper-unmasked', 0, 0],
        ['replay-loop', 1, 0],
        ['replay-old-recording', 1, 0],
      ]);
      // Another trainee may not run it on this plant (nor learn that it exists).
      expect([403, 404]).toContain(
        (await traineeB.post(`/api/plants/${plantA}/detector/evasion`, { repeats: 1 })).statusCode,
      );
    });

    it('learns normal operation from history, stays quiet on it, and alerts when an attack moves the plant', async () => {
      expect((await traineeA.get(`/api/plants/${plantA}/detection`)).json()).toMatchObject({ detector: null });
      const trained = await traineeA.post(`/api/plants/${plantA}/detector`, { fromS: 0 });
      expect(trained.statusCode).toBe(201);
      const detector = trained.json<{ trainingRows: number; tags: string[]; threshold: number; components: number }>();
      expect(detector.trainingRows).toBeGreaterThan(1700);
      expect(detector.tags).toEqual(DETECTOR_TAGS);
      expect(detector.components).toBeGreaterThan(0);
      await run(plantA, 600);
      const quiet = (await traineeA.get(`/api/plants/${plantA}/detection`)).json<{
        score: number;
        alerting: boolean;
        recent: [number, number][];
      }>();
      expect(quiet.alerting).toBe(false);
      expect(quiet.score).toBeLessThan(detector.threshold);
      expect(quiet.recent.length).toBeGreaterThan(500);
      expect(await events(traineeA, plantA)).toEqual([]);
      // An attacker forces the chlorine pump to full output (manual mode through Modbus, say).
      const setpoints = await traineeA.request({
        method: 'PATCH',
        url: `/api/plants/${plantA}/setpoints`,
        payload: { chlorineManual: true, chlorineManualOutputPct: 100 },
      });
      expect(setpoints.statusCode).toBe(200);
      await run(plantA, 600);
      const alert = (await traineeA.get(`/api/plants/${plantA}/detection`)).json<{
        score: number;
        alerting: boolean;
      }>();
      expect(alert.alerting).toBe(true);
      expect(alert.score).toBeGreaterThan(detector.threshold);
      expect(await events(traineeA, plantA)).toEqual(['detector-alert']);
      // Undone, the alert clears.
      const undone = await traineeA.request({
        method: 'PATCH',
        url: `/api/plants/${plantA}/setpoints`,
        payload: { chlorineManual: false },
      });
      expect(undone.statusCode).toBe(200);
      // (Trained on half an hour of one morning, it would in time flag the day's changing demand
      // as new: a real detector is trained on days of operation.)
      await run(plantA, 3600);
      expect(await events(traineeA, plantA)).toEqual(['detector-alert', 'detector-clear']);
    });

    it('is poisoned by contributed "normal" rows that carry the attack, unless training data is validated', async () => {
      const history = (await traineeB.get(`/api/plants/${plantB}/history?fromS=0`)).json<{
        columns: string[];
        rows: (number | string | boolean | null)[][];
      }>();
      const index = (tag: string) => history.columns.indexOf(tag);
      // A "contractor's" data set of normal operation in which the chlorine pump runs flat out.
      const poisoned = history.rows.map((row) =>
        DETECTOR_TAGS.map((tag) =>
          tag === 'chlorine_pump_output' ? 100 : tag === 'chlorine_residual' ? 1.9 : (row[index(tag)] as number),
        ),
      );
      const contributed = { columns: DETECTOR_TAGS, rows: poisoned };
      const naive = (
        await traineeB.post(`/api/plants/${plantB}/detector`, { fromS: 0, contributed, validate: false })
      ).json<{ trainingRows: number; rejectedRows: number; threshold: number }>();
      expect(naive.rejectedRows).toBe(0);
      const attack = await traineeB.request({
        method: 'PATCH',
        url: `/api/plants/${plantB}/setpoints`,
        payload: { chlorineManual: true, chlorineManualOutputPct: 100 },
      });
      expect(attack.statusCode).toBe(200);
      await run(plantB, 600);
      expect(await events(traineeB, plantB)).toEqual([]); // the poisoned detector sees nothing wrong
      const validated = (
        await traineeB.post(`/api/plants/${plantB}/detector`, { fromS: 0, toS: 1800, contributed, validate: true })
      ).json<{ trainingRows: number; rejectedRows: number }>();
      expect(validated.rejectedRows).toBeGreaterThanOrEqual(poisoned.length);
      await run(plantB, 300);
      expect(await events(traineeB, plantB)).toEqual(['detector-alert']);
    });

    it('estimates the intake pump health from history, and keeps each plant to its trainee', async () => {
      const health = (await traineeA.get(`/api/plants/${plantA}/pump-health`)).json<{
        status: string;
        vibrationMmS: number;
      }>();
      expect(health.status).toBe('ok');
      expect(health.vibrationMmS).toBeGreaterThan(1);
      for (const url of [`/api/plants/${plantB}/detection`, `/api/plants/${plantB}/pump-health`])
        expect((await traineeA.get(url)).statusCode).toBe(404);
      expect((await traineeA.post(`/api/plants/${plantB}/detector`, { fromS: 0 })).statusCode).toBe(404);
      const missing = await traineeA.post(`/api/plants/${plantA}/detector`, {
        fromS: 0,
        contributed: { columns: ['tank_level'], rows: [[3]] },
      });
      expect(missing.statusCode).toBe(422);
      expect(missing.json<{ code: string }>().code).toBe('DETECTION_MISSING_TAGS');
    });
  });
}
