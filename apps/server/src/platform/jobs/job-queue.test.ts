import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DIALECTS } from '../../../test/dialects.js';
import { createTestRuntime, type TestRuntime } from '../../../test/test-runtime.js';
import { JobQueue, defineJob } from './job-queue.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: job queue`, () => {
    let test: TestRuntime;
    beforeAll(async () => {
      test = await createTestRuntime(dialect);
    });
    afterAll(async () => test.destroy());

    it('runs a job, records progress and the result', async () => {
      const queue = new JobQueue(test.ctx.db);
      const seen: number[] = [];
      const job = defineJob({
        name: 'test.square',
        payload: z.object({ n: z.number() }),
        async handler(payload, context) {
          await context.reportProgress(50, 'half way');
          const row = await queue.get(context.jobId);
          seen.push(row.progress);
          return { square: payload.n * payload.n };
        },
      });
      queue.register(job);
      const { id } = await queue.enqueue(job, { n: 7 });
      expect(await queue.drain()).toBe(1);
      const row = await queue.get(id);
      expect(row.status).toBe('succeeded');
      expect(row.progress).toBe(100);
      expect(JSON.parse(row.result ?? 'null')).toEqual({ square: 49 });
      expect(seen).toEqual([50]);
    });

    it('gives jobs of a batch kind to its batch handler together, and retries a failed batch as a whole', async () => {
      const queue = new JobQueue(test.ctx.db);
      const batches: number[][] = [];
      let failNext = true;
      const job = defineJob({
        name: 'test.batched',
        payload: z.object({ n: z.number() }),
        backoffMs: 1,
        handler: async () => {
          throw new Error('batch kinds run through their batch handler');
        },
        batch: {
          size: 10,
          async handler(payloads) {
            batches.push(payloads.map((p) => p.n).sort((a, b) => a - b));
            if (failNext) {
              failNext = false;
              throw new Error('database went away');
            }
          },
        },
      });
      queue.register(job);
      const ids = [];
      for (let n = 0; n < 13; n++) ids.push((await queue.enqueue(job, { n })).id);
      // A payload that no longer parses fails on its own, not with its batch.
      await test.ctx.db.updateTable('job').set({ payload: '{"n":"x"}' }).where('id', '=', ids[12]!).execute();
      expect(await queue.runOnce()).toBe(10);
      expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
      const failed = await Promise.all(ids.slice(0, 10).map((id) => queue.get(id)));
      expect(failed.map((row) => [row.status, row.attempts, row.last_error])).toEqual(
        Array.from({ length: 10 }, () => ['queued', 1, 'database went away']),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      await queue.drain();
      expect(
        batches
          .slice(1)
          .flat()
          .sort((a, b) => a - b),
      ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const rows = await Promise.all(ids.map((id) => queue.get(id)));
      expect(rows.slice(0, 12).every((row) => row.status === 'succeeded')).toBe(true);
      expect(rows[12]?.status).not.toBe('succeeded');
      expect(rows[12]?.last_error).toMatch(/expected number/i);
    });

    it('rejects a payload that does not match the schema', async () => {
      const queue = new JobQueue(test.ctx.db);
      const job = defineJob({
        name: 'test.typed',
        payload: z.object({ n: z.number() }),
        handler: async () => undefined,
      });
      await expect(queue.enqueue(job, { n: 'x' } as unknown as { n: number })).rejects.toThrow();
    });

    it('retries with backoff, then moves the job to the dead letter', async () => {
      const queue = new JobQueue(test.ctx.db);
      let calls = 0;
      const job = defineJob({
        name: 'test.flaky',
        payload: z.object({}),
        maxAttempts: 3,
        backoffMs: 1,
        async handler() {
          calls += 1;
          throw new Error(`failure ${calls}`);
        },
      });
      queue.register(job);
      const { id } = await queue.enqueue(job, {});
      await queue.runOnce();
      let row = await queue.get(id);
      expect(row.status).toBe('queued');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toBe('failure 1');
      expect(row.run_at > row.updated_at || row.run_at >= row.updated_at).toBe(true);
      for (let i = 0; i < 10 && row.status !== 'dead'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        await queue.runOnce();
        row = await queue.get(id);
      }
      expect(row.status).toBe('dead');
      expect(row.attempts).toBe(3);
      expect(row.last_error).toBe('failure 3');
      expect(calls).toBe(3);
    });

    it('makes one job of two enqueues with the same idempotency key', async () => {
      const queue = new JobQueue(test.ctx.db);
      const job = defineJob({
        name: 'test.idempotent',
        payload: z.object({ v: z.number() }),
        handler: async () => undefined,
      });
      const first = await queue.enqueue(job, { v: 1 }, { idempotencyKey: 'mail-123' });
      const second = await queue.enqueue(job, { v: 2 }, { idempotencyKey: 'mail-123' });
      expect(second).toEqual({ id: first.id, isNew: false });
      expect(first.isNew).toBe(true);
      const count = await test.ctx.db
        .selectFrom('job')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('name', '=', 'test.idempotent')
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('takes over a job whose worker died (lock expired), so jobs survive a restart', async () => {
      const job = defineJob({ name: 'test.survivor', payload: z.object({}), handler: async () => 'done' });
      const crashed = new JobQueue(test.ctx.db, { lockMs: 1, workerId: 'crashed' });
      crashed.register(job);
      const { id } = await crashed.enqueue(job, {});
      // Claim as the crashed worker would have, without finishing.
      const { dialectOf } = await import('../db/dialects/index.js');
      const now = new Date();
      const claimed = await dialectOf(test.ctx.db).claimJobs(test.ctx.db, {
        workerId: 'crashed',
        now: now.toISOString(),
        lockedUntil: new Date(now.getTime() + 1).toISOString(),
        limit: 10,
        names: ['test.survivor'],
      });
      expect(claimed.map((j) => j.id)).toContain(id);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const restarted = new JobQueue(test.ctx.db, { workerId: 'restarted' });
      restarted.register(job);
      await restarted.drain();
      const row = await restarted.get(id);
      expect(row.status).toBe('succeeded');
      expect(row.attempts).toBe(2);
    });

    it('never gives the same job to two workers', async () => {
      const ran: string[] = [];
      const job = defineJob({
        name: 'test.shared',
        payload: z.object({ i: z.number() }),
        async handler(payload) {
          ran.push(String(payload.i));
          await new Promise((resolve) => setTimeout(resolve, 1));
        },
      });
      const workers = [0, 1, 2].map((n) => {
        const queue = new JobQueue(test.ctx.db, { workerId: `w${n}`, concurrency: 3 });
        queue.register(job);
        return queue;
      });
      for (let i = 0; i < 30; i++) await workers[0]!.enqueue(job, { i });
      await Promise.all(workers.map((w) => w.drain()));
      expect(ran.sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)).sort());
    });

    it('polls in the background once started', async () => {
      const queue = new JobQueue(test.ctx.db, { pollIntervalMs: 10 });
      const done = new Promise<void>((resolve) => {
        queue.register(defineJob({ name: 'test.background', payload: z.object({}), handler: async () => resolve() }));
      });
      queue.start();
      await queue.enqueue(
        defineJob({ name: 'test.background', payload: z.object({}), handler: async () => undefined }),
        {},
      );
      await done;
      await queue.stop();
    });
  });
}
