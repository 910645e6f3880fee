import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { TEST_PASSWORD, addMember, makeUser, makeWorkspace, signIn } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-runtime.js';
import { plantRuntime, startPlantRuntime } from '../modules/range/plant/index.js';
import { buildCli } from './main.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: renkei range … against a running server`, () => {
    let test: TestApp;
    let url: string;
    let instructorToken: string;
    let traineeToken: string;
    let slug: string;
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-range-cli-'));

    beforeAll(async () => {
      test = await createTestApp(dialect, { rangeModbusBasePort: 20_000 + Math.floor(Math.random() * 10_000) });
      await startPlantRuntime(test.ctx, { startClock: false });
      const workspace = await makeWorkspace(test.ctx, 'range_course');
      slug = workspace.slug;
      const instructor = await makeUser(test.ctx);
      const trainee = await makeUser(test.ctx);
      await addMember(test.ctx, workspace.id, instructor.id, 'instructor');
      await addMember(test.ctx, workspace.id, trainee.id, 'trainee');
      const token = async (username: string) =>
        (
          await (
            await signIn(test.app, username)
          ).post('/api/tokens', { name: 'cli', scopes: ['read', 'write'], password: TEST_PASSWORD })
        ).json<{ token: string }>().token;
      instructorToken = await token(instructor.username);
      traineeToken = await token(trainee.username);
      url = await test.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await plantRuntime(test.ctx).stop();
      await test.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
      const out: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
      process.exitCode = 0;
      let err = '';
      try {
        await buildCli()
          .exitOverride()
          .parseAsync(['node', 'renkei', ...args]);
      } catch (error) {
        err = error instanceof Error ? error.message : String(error);
      } finally {
        log.mockRestore();
      }
      const exitCode = err ? 1 : Number(process.exitCode ?? 0);
      process.exitCode = 0;
      return { out: out.join('\n'), err, exitCode };
    }

    it('creates, lists, writes, reads, snapshots, restores and resets a plant', async () => {
      const as = ['--url', url, '--token', instructorToken];
      const created = await run(
        'range',
        'plant',
        'create',
        '--workspace',
        slug,
        '--name',
        'CLI plant',
        '--seed',
        '5',
        ...as,
      );
      expect(created.exitCode).toBe(0);
      const id = created.out.split('\t')[0]!;
      expect(created.out).toMatch(/\trenkei range connect [0-9a-f-]{36}$/);
      expect((await run('range', 'plant', 'list', '--workspace', slug, ...as)).out).toContain(`${id}\tCLI plant`);
      expect((await run('range', 'plant', 'write', id, 'tankLevelM=4.4', 'chlorinePumpOn=false', ...as)).out).toBe(
        'written',
      );
      const read = JSON.parse((await run('range', 'plant', 'read', id, ...as)).out) as {
        setpoints: { tankLevelM: number; chlorinePumpOn: boolean };
      };
      expect(read.setpoints).toMatchObject({ tankLevelM: 4.4, chlorinePumpOn: false });
      const snapshotId = (await run('range', 'plant', 'snapshot', id, '--name', 'before', ...as)).out;
      await run('range', 'plant', 'write', id, 'tankLevelM=2', ...as);
      expect((await run('range', 'plant', 'restore', id, snapshotId, ...as)).out).toBe('restored');
      expect(
        (JSON.parse((await run('range', 'plant', 'read', id, ...as)).out) as typeof read).setpoints.tankLevelM,
      ).toBe(4.4);
      expect((await run('range', 'plant', 'reset', id, ...as)).out).toBe('reset');
      expect(
        (JSON.parse((await run('range', 'plant', 'read', id, ...as)).out) as typeof read).setpoints.tankLevelM,
      ).not.toBe(4.4);
      await plantRuntime(test.ctx).tick(1);
      const out = path.join(dir, 'history.csv');
      expect((await run('range', 'plant', 'history', id, '--out', out, ...as)).exitCode).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(/^# SYNTHETIC DATA/);
    });

    it('applies the same access checks as the API: a trainee cannot create plants', async () => {
      const refused = await run(
        'range',
        'plant',
        'create',
        '--workspace',
        slug,
        '--name',
        'mine',
        '--url',
        url,
        '--token',
        traineeToken,
      );
      expect(refused.exitCode).toBe(1);
      expect(refused.err).toMatch(/403/);
      expect((await run('range', 'plant', 'list', '--workspace', slug, '--url', url)).err).toMatch(/API token/);
    });

    it('generates a data set and waits for it', async () => {
      // The test app's worker is not running: drain the queue while the CLI waits.
      const draining = setInterval(() => void test.ctx.jobs.drain(), 100);
      try {
        const generated = await run(
          'range',
          'dataset',
          'generate',
          '--workspace',
          slug,
          '--name',
          'cli set',
          '--hours',
          '1',
          '--every',
          '60',
          '--url',
          url,
          '--token',
          traineeToken,
        );
        expect(generated.out).toMatch(/\tready\t61 rows$/);
      } finally {
        clearInterval(draining);
      }
    });
  });
}
