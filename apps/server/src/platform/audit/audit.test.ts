import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { makeUser, makeWorkspace } from '../../../test/factories.js';
import { createTestRuntime, type TestRuntime } from '../../../test/test-runtime.js';
import { recordAudit, verifyAuditChain } from './audit.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: audit trail`, () => {
    let test: TestRuntime;
    beforeAll(async () => {
      test = await createTestRuntime(dialect);
    });
    afterAll(async () => test.destroy());

    it('writes one chained record per mutation, in the same transaction', async () => {
      const before = await verifyAuditChain(test.ctx.db);
      await makeUser(test.ctx);
      await makeWorkspace(test.ctx);
      const after = await verifyAuditChain(test.ctx.db);
      expect(after).toEqual({ ok: true, checked: before.checked + 2 });
    });

    it('rolls the audit record back with the change', async () => {
      const before = await verifyAuditChain(test.ctx.db);
      await expect(
        test.ctx.db.transaction().execute(async (trx) => {
          await recordAudit(trx, {
            actorId: null,
            action: 'test.rollback',
            objectType: 'test',
            objectId: '1',
            workspaceId: null,
          });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await verifyAuditChain(test.ctx.db)).toEqual({ ok: true, checked: before.checked });
    });

    it('keeps the chain linear under concurrent writers', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          test.ctx.db.transaction().execute((trx) =>
            recordAudit(trx, {
              actorId: null,
              action: 'test.concurrent',
              objectType: 'test',
              objectId: String(i),
              workspaceId: null,
              after: { i },
            }),
          ),
        ),
      );
      expect((await verifyAuditChain(test.ctx.db)).ok).toBe(true);
    });

    it('keeps the chain linear when actions are logged outside a transaction, concurrently', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          recordAudit(test.ctx.db, {
            actorId: null,
            action: 'test.standalone',
            objectType: 'test',
            objectId: String(i),
            workspaceId: null,
          }),
        ),
      );
      expect((await verifyAuditChain(test.ctx.db)).ok).toBe(true);
    });

    it('reports the first broken link when a record is altered', async () => {
      for (let i = 0; i < 5; i++) await makeUser(test.ctx);
      const { checked } = await verifyAuditChain(test.ctx.db);
      const target = checked - 2;
      await sql`UPDATE audit_event SET action = 'user.innocent' WHERE seq = ${target}`.execute(test.ctx.db);
      const result = await verifyAuditChain(test.ctx.db);
      expect(result.ok).toBe(false);
      expect(result.brokenAt).toEqual({ seq: target, reason: 'record content was altered' });
      expect(result.checked).toBe(target - 1);
    });

    it('reports a deleted record and a truncated tail', async () => {
      const other = await createTestRuntime(dialect);
      try {
        for (let i = 0; i < 4; i++) await makeUser(other.ctx);
        await sql`DELETE FROM audit_event WHERE seq = 2`.execute(other.ctx.db);
        expect((await verifyAuditChain(other.ctx.db)).brokenAt).toEqual({ seq: 2, reason: 'record 2 is missing' });

        const third = await createTestRuntime(dialect);
        try {
          for (let i = 0; i < 3; i++) await makeUser(third.ctx);
          await sql`DELETE FROM audit_event WHERE seq = 3`.execute(third.ctx.db);
          const result = await verifyAuditChain(third.ctx.db);
          expect(result.ok).toBe(false);
          expect(result.brokenAt?.seq).toBe(3);
        } finally {
          await third.destroy();
        }
      } finally {
        await other.destroy();
      }
    });

    it('detects a record rewritten with a recomputed hash of its own (the next link breaks)', async () => {
      const other = await createTestRuntime(dialect);
      try {
        for (let i = 0; i < 3; i++) await makeUser(other.ctx);
        // Forge record 1 consistently with itself: its hash changes, so record 2's prev_hash no longer matches.
        await sql`UPDATE audit_event SET hash = ${'f'.repeat(64)} WHERE seq = 1`.execute(other.ctx.db);
        const result = await verifyAuditChain(other.ctx.db);
        expect(result.brokenAt?.seq).toBe(1);
      } finally {
        await other.destroy();
      }
    });
  });
}
