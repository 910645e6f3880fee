import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { DATASET_EVENTS } from '@renkei/contracts';
import { rocAuc, scoreBaseline, trainBaseline } from './anomaly-baseline.js';
import { DATASET_COLUMNS, defaultEvents, generateDataset, type DatasetSpec } from './dataset-generator.js';
import { findPersonalData, isValidMyNumber } from './pii-check.js';

const column = (name: string) => (DATASET_COLUMNS as readonly string[]).indexOf(name);

describe('labelled synthetic data sets', () => {
  const spec: DatasetSpec = {
    seed: 42,
    durationS: 10 * 3600,
    everyS: 10,
    events: [
      { kind: 'setpoint_tampering', startS: 3600, durationS: 1800 },
      { kind: 'sensor_spoofing', startS: 2 * 3600, durationS: 1800 },
      // Overdosing a full clear-water tank takes its time: ~2 h to pass the trip limit.
      { kind: 'sis_bypass_overdose', startS: 3 * 3600, durationS: 2.5 * 3600 },
      { kind: 'pump_degradation', startS: 6 * 3600, durationS: 4 * 3600 },
    ],
  };
  const rows = [...generateDataset(spec)];
  const at = (t: number) => rows.find((row) => row[0] === t)!;
  const value = (t: number, name: string) => at(t)[column(name)] as number;

  it('is deterministic for a seed and labels every row', () => {
    expect([...generateDataset(spec)]).toEqual(rows);
    expect(rows).toHaveLength(spec.durationS / spec.everyS + 1);
    expect(new Set(rows.map((row) => row[column('synthetic')]))).toEqual(new Set([true]));
    expect(at(1800)[column('label')]).toBe('normal');
    expect(at(1800)[column('anomaly')]).toBe(0);
    expect(at(3600 + 900)[column('label')]).toBe('setpoint_tampering');
    expect(at(3600 + 900)[column('anomaly')]).toBe(1);
  });

  it('makes each attack and fault visible in the data', () => {
    // Set-point tampering: chlorine climbs well above its normal ~0.5 mg/L.
    expect(value(3600 + 1790, 'chlorine_residual')).toBeGreaterThan(value(3590, 'chlorine_residual') + 0.5);
    // Sensor spoofing (by default a replay reaching the PLC): the reported level is ten minutes
    // of recorded normal readings, looped — it moves like a real signal, and repeats every 600 s.
    const spoofed = rows
      .filter((row) => row[column('label')] === 'sensor_spoofing')
      .map((row) => row[column('tank_level')] as number);
    expect(new Set(spoofed).size).toBeGreaterThan(2); // not a flat line (levels in cm)
    const period = 600 / spec.everyS;
    for (let i = 0; i + period < spoofed.length; i += 1) expect(spoofed[i + period]).toBe(spoofed[i]);
    // Bypassed overdose trip: chlorine passes the trip limit and nothing trips.
    const bypass = rows.filter((row) => row[column('label')] === 'sis_bypass_overdose');
    expect(Math.max(...bypass.map((row) => row[column('chlorine_residual')] as number))).toBeGreaterThan(2.0);
    expect(bypass.every((row) => row[column('trip_chlorine_overdose')] === false)).toBe(true);
    // Pump degradation: vibration trends upward.
    expect(value(spec.durationS - 10, 'intake_pump_vibration')).toBeGreaterThan(
      value(6 * 3600 - 10, 'intake_pump_vibration') * 1.3,
    );
  });
});

describe('data sets that stay alive for days (simulated operator)', () => {
  const spec: DatasetSpec = {
    seed: 7,
    durationS: 24 * 3600,
    everyS: 60,
    events: [
      { kind: 'sis_bypass_overdose', startS: 2 * 3600, durationS: 2.5 * 3600 },
      { kind: 'setpoint_tampering', startS: 14 * 3600, durationS: 3600 },
    ],
  };
  const rows = [...generateDataset(spec)];
  const labelled = (label: string) => rows.filter((row) => row[column('label')] === label);

  it('resets a latched trip once it may, labels the after-effect apart, and later attacks still act', () => {
    // The overdose trip latches when the bypass ends; the operator resets it once chlorine has fallen.
    expect(rows.some((row) => row[column('trip_chlorine_overdose')] === true)).toBe(true);
    const trippedBetween = (fromHour: number, toHour: number) =>
      rows.filter(
        (row) =>
          (row[0] as number) >= fromHour * 3600 &&
          (row[0] as number) < toHour * 3600 &&
          row[column('trip_chlorine_overdose')] === true,
      );
    expect(trippedBetween(10, 14)).toHaveLength(0);
    // The consequence is labelled as such, not as normal and not as the attack.
    expect(labelled('after:sis_bypass_overdose').length).toBeGreaterThan(0);
    expect(labelled('after:sis_bypass_overdose').every((row) => row[column('anomaly')] === 1)).toBe(true);
    // Twelve hours later, set-point tampering still has its physical effect.
    const before = rows.find((row) => row[0] === 14 * 3600 - 60)![column('chlorine_residual')] as number;
    const during = labelled('setpoint_tampering').map((row) => row[column('chlorine_residual')] as number);
    expect(Math.max(...during)).toBeGreaterThan(before + 0.5);
  });
});

describe('scenarios that vary with the seed, and detectors that generalise across seeds', () => {
  const HOURS_72 = 72 * 3600;

  it('draws the order, times, durations and magnitudes of events from the seed', () => {
    const seven = defaultEvents(HOURS_72, 7);
    expect(defaultEvents(HOURS_72, 7)).toEqual(seven);
    const eleven = defaultEvents(HOURS_72, 11);
    expect(eleven.map((event) => event.kind)).not.toEqual(seven.map((event) => event.kind));
    expect(eleven.map((event) => event.startS)).not.toEqual(seven.map((event) => event.startS));
    for (const events of [seven, eleven]) {
      expect(new Set(events.map((event) => event.kind))).toEqual(new Set(DATASET_EVENTS));
      for (const event of events) {
        expect(event.magnitude).toBeGreaterThanOrEqual(0.75);
        expect(event.magnitude).toBeLessThanOrEqual(1.25);
        expect(event.startS + event.durationS).toBeLessThanOrEqual(HOURS_72);
      }
      const spoofing = events.find((event) => event.kind === 'sensor_spoofing')!;
      expect(['replay', 'drift']).toContain(spoofing.spoofMode);
      expect(['plc', 'scada']).toContain(spoofing.spoofReaches);
    }
    // Longer sets repeat every kind, once per two days.
    expect(defaultEvents(8 * 86_400, 7)).toHaveLength(4 * DATASET_EVENTS.length);
  });

  it('trains a baseline detector on one seed that finds every fault and attack in another, spoofing aside', () => {
    const tags = DATASET_COLUMNS.slice(1, DATASET_COLUMNS.indexOf('trip_high_level'));
    const load = (seed: number) => {
      const rows: number[][] = [];
      const labels: string[] = [];
      for (const row of generateDataset({
        seed,
        durationS: HOURS_72,
        everyS: 10,
        events: defaultEvents(HOURS_72, seed),
      })) {
        rows.push(row.slice(1, 1 + tags.length) as number[]);
        labels.push(row[column('label')] as string);
      }
      return { rows, labels };
    };
    const train = load(7);
    const test = load(11);
    // The plant stays alive: most of three days is normal operation, not a latched trip.
    expect(test.labels.filter((label) => label === 'normal').length / test.labels.length).toBeGreaterThan(0.5);
    const scores = scoreBaseline(trainBaseline(tags, train.rows, train.labels), test.rows);
    const normal = test.labels.map((label) => label === 'normal');
    for (const kind of DATASET_EVENTS) {
      if (kind === 'sensor_spoofing') continue; // designed to look normal: see docs/range/plant.md
      const auc = rocAuc(
        scores,
        test.labels.map((label) => label.split('+').includes(kind)),
        normal,
      );
      expect({ kind, good: auc >= 0.9 }).toEqual({ kind, good: true });
    }
  });

  it('computes ROC AUC with ties counted half', () => {
    expect(rocAuc([1, 2, 3, 4], [false, false, true, true], [true, true, false, false])).toBe(1);
    expect(rocAuc([1, 1, 1, 1], [false, false, true, true], [true, true, false, false])).toBe(0.5);
    expect(rocAuc([4, 3, 2, 1], [false, false, true, true], [true, true, false, false])).toBe(0);
    expect(rocAuc([1, 2], [false, false], [true, true])).toBeNaN();
  });
});

describe('personal-data check', () => {
  it('flags e-mail, phone, My Number, address and personal columns', () => {
    const findings = findPersonalData(
      ['timestamp', 'level', 'operator', '氏名'],
      [
        ['2026-11-23T10:00:00Z', '3.2', 'tanaka@example.co.jp', 'x'],
        ['2026-11-23T10:00:01Z', '3.3', '03-1234-5678', 'x'],
        ['2026-11-23T10:00:02Z', '3.4', '123456789018', 'x'],
        ['2026-11-23T10:00:03Z', '3.5', '〒100-0001 東京都千代田区千代田1-1', 'x'],
      ],
    );
    expect(findings.map((f) => f.kind).sort()).toEqual([
      'email',
      'my_number',
      'personal_column',
      'phone',
      'postal_address',
    ]);
    expect(findings.find((f) => f.kind === 'email')?.sample).not.toContain('tanaka');
  });

  it('leaves plant measurements and timestamps alone', () => {
    expect(
      findPersonalData(
        ['sim_time_s', 'tank_level', 'label'],
        [
          ['0', '3.21', 'normal'],
          ['10', '3.22', 'setpoint_tampering'],
          ['2026-11-23 10:00:00', '3.2', 'normal'],
        ],
      ),
    ).toEqual([]);
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('123456789012')).toBe(false);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: data sets in a course`, () => {
    let test: TestApp;
    let workspaceId: string;
    let instructor: Client;
    let trainee: Client;
    let otherTrainee: Client;
    let outsider: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const i = await makeUser(test.ctx);
      const t = await makeUser(test.ctx);
      const o = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, i.id, 'instructor');
      await addMember(test.ctx, workspaceId, t.id, 'trainee');
      const t2 = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, t2.id, 'trainee');
      otherTrainee = await signIn(test.app, t2.username);
      await addMember(test.ctx, (await makeWorkspace(test.ctx, 'range_course')).id, o.id, 'trainee');
      instructor = await signIn(test.app, i.username);
      trainee = await signIn(test.app, t.username);
      outsider = await signIn(test.app, o.username);
    });
    afterAll(() => test.destroy());

    it("keeps a trainee's data sets to themselves, and shares the staff's with the whole course", async () => {
      const generate = async (client: Client, name: string) => {
        const response = await client.post(`/api/workspaces/${workspaceId}/datasets`, {
          name,
          durationHours: 1,
          everyS: 600,
          tlp: 'AMBER',
        });
        expect(response.statusCode).toBe(202);
        return response.json<{ id: string }>().id;
      };
      const own = await generate(trainee, 'trainee A のデータ');
      const material = await generate(instructor, '教材データ');
      await test.ctx.jobs.drain();
      const listed = async (client: Client) =>
        (await client.get(`/api/workspaces/${workspaceId}/datasets`)).json<{ id: string }[]>().map((d) => d.id);
      // Trainee B: the course material, not A's AMBER data set (by list, by id, by download).
      expect(await listed(otherTrainee)).toContain(material);
      expect(await listed(otherTrainee)).not.toContain(own);
      expect((await otherTrainee.get(`/api/datasets/${own}`)).statusCode).toBe(404);
      expect((await otherTrainee.get(`/api/datasets/${own}/download?format=csv`)).statusCode).toBe(404);
      // A sees their own and the material; the instructor sees both.
      expect(await listed(trainee)).toEqual(expect.arrayContaining([own, material]));
      expect(await listed(instructor)).toEqual(expect.arrayContaining([own, material]));
      expect((await instructor.get(`/api/datasets/${own}`)).statusCode).toBe(200);
    });

    it('generates a data set as a job and exports it marked synthetic, as CSV and XLSX', async () => {
      const requested = await trainee.post(`/api/workspaces/${workspaceId}/datasets`, {
        name: '異常検知用データ',
        durationHours: 2,
        everyS: 60,
        seed: 7,
      });
      expect(requested.statusCode).toBe(202);
      const { id, status } = requested.json<{ id: string; status: string }>();
      expect(status).toBe('generating');
      await test.ctx.jobs.drain();
      const ready = (await trainee.get(`/api/datasets/${id}`)).json<{
        status: string;
        rowCount: number;
        provenance: string;
      }>();
      expect(ready).toMatchObject({ status: 'ready', rowCount: 121, provenance: 'synthetic' });
      const csv = await trainee.get(`/api/datasets/${id}/download?format=csv`);
      expect(csv.body.split('\n')[0]).toMatch(/^# SYNTHETIC DATA \/ 合成データ/);
      expect(csv.body.split('\n')[1]).toBe(DATASET_COLUMNS.join(','));
      const xlsx = await trainee.get(`/api/datasets/${id}/download?format=xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(workbook.getWorksheet('README')?.getCell('A1').text).toContain('合成データ');
      expect(workbook.getWorksheet('data')?.rowCount).toBe(122);
      expect((await outsider.get(`/api/datasets/${id}`)).statusCode).toBe(404);
    });

    it('imports outside data only with a declaration, and flags personal data for staff review', async () => {
      const clean = 'time,level\n0,3.1\n1,3.2\n';
      expect(
        (await trainee.post(`/api/workspaces/${workspaceId}/datasets/import`, { name: 'no declaration', csv: clean }))
          .statusCode,
      ).toBe(400);
      const ok = await trainee.post(`/api/workspaces/${workspaceId}/datasets/import`, {
        name: 'clean',
        csv: clean,
        declaration: 'de-identified',
      });
      expect(ok.json<{ status: string; provenance: string }>()).toMatchObject({
        status: 'ready',
        provenance: 'de-identified',
      });
      const withPii = await trainee.post(`/api/workspaces/${workspaceId}/datasets/import`, {
        name: 'shift log',
        csv: 'time,operator\n0,suzuki@plant.example.jp\n',
        declaration: 'synthetic',
      });
      expect(withPii.statusCode).toBe(201);
      const flagged = withPii.json<{ id: string; status: string; piiFindings: { kind: string }[] }>();
      expect(flagged.status).toBe('flagged');
      expect(flagged.piiFindings.map((f) => f.kind)).toEqual(['email']);
      expect((await trainee.get(`/api/datasets/${flagged.id}/download`)).statusCode).toBe(403);
      expect((await instructor.get(`/api/datasets/${flagged.id}/download`)).statusCode).toBe(200);
      expect(
        (
          await trainee.post(`/api/workspaces/${workspaceId}/datasets/import`, {
            name: 'broken',
            csv: 'a,b\n"unclosed,1\n',
            declaration: 'synthetic',
          })
        ).statusCode,
      ).toBe(400);
    });
  });
}
