import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { makeUser } from '../../../test/factories.js';
import { createTestRuntime, type TestRuntime } from '../../../test/test-runtime.js';
import type { Config } from '../config/config.js';
import { pruneAuditTrail, verifyAnchoredAuditTrail, writeAuditCheckpoint } from './anchor.js';
import { auditRecordHash, verifyAuditChain } from './audit.js';
import type { AuditEventRow } from './audit.table.js';

/**
 * What someone holding the database (not the key) can do to the trail, done thoroughly: every
 * later hash and the head recomputed, so that the chain alone verifies. The signed checkpoint
 * written outside the database must still catch each kind.
 */
for (const dialect of DIALECTS) {
  describe(`${dialect}: the audit trail anchored outside the database`, () => {
    let test: TestRuntime | undefined;
    let folder: string | undefined;
    afterEach(async () => {
      await test?.destroy();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    /** A trail of 8 records with a signed checkpoint of its head, in a folder of its own. */
    const trail = async (): Promise<{ test: TestRuntime; config: Config }> => {
      folder = mkdtempSync(path.join(tmpdir(), 'renkei-anchor-'));
      test = await createTestRuntime(dialect);
      const config = { ...test.ctx.config, dataDir: folder, auditKey: '', auditCheckpointFile: '' };
      for (let i = 0; i < 8; i++) await makeUser(test.ctx);
      expect(await writeAuditCheckpoint(test.ctx.db, config)).toMatchObject({ seq: 8 });
      return { test, config };
    };

    /** Rewrites the whole chain from `rows`: seq, links, hashes and head made consistent again. */
    const rechain = async (runtime: TestRuntime, rows: AuditEventRow[]) => {
      const db = runtime.ctx.db;
      await db.deleteFrom('audit_event').execute();
      let previous = '0'.repeat(64);
      for (const [index, row] of rows.entries()) {
        const fields: Omit<AuditEventRow, 'hash'> = {
          seq: index + 1,
          at: row.at,
          actor_id: row.actor_id,
          action: row.action,
          object_type: row.object_type,
          object_id: row.object_id,
          workspace_id: row.workspace_id,
          before_digest: row.before_digest,
          after_digest: row.after_digest,
          detail: row.detail,
          prev_hash: previous,
        };
        previous = auditRecordHash(fields);
        await db
          .insertInto('audit_event')
          .values({ ...fields, hash: previous })
          .execute();
      }
      await db.updateTable('audit_chain_head').set({ last_seq: rows.length, last_hash: previous }).execute();
      expect((await verifyAuditChain(db)).ok).toBe(true); // the chain alone is fooled
    };
    const rows = async (runtime: TestRuntime) =>
      runtime.ctx.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();

    it('holds when nothing was touched, and keeps its key and checkpoints private to the owner', async () => {
      const { test, config } = await trail();
      expect(await verifyAnchoredAuditTrail(test.ctx.db, config)).toMatchObject({
        ok: true,
        checked: 8,
        checkpoints: 1,
      });
      expect(statSync(path.join(config.dataDir, 'audit.key')).mode & 0o077).toBe(0);
      expect(statSync(path.join(config.dataDir, 'audit-checkpoints.jsonl')).mode & 0o077).toBe(0);
      // Nothing new: no second checkpoint.
      expect(await writeAuditCheckpoint(test.ctx.db, config)).toBeUndefined();
    });

    it('detects an altered record', async () => {
      const { test, config } = await trail();
      await test.ctx.db.updateTable('audit_event').set({ action: 'user.innocent' }).where('seq', '=', 2).execute();
      expect((await verifyAnchoredAuditTrail(test.ctx.db, config)).brokenAt?.seq).toBe(2);
    });

    it('detects a deleted record', async () => {
      const { test, config } = await trail();
      await test.ctx.db.deleteFrom('audit_event').where('seq', '=', 3).execute();
      expect((await verifyAnchoredAuditTrail(test.ctx.db, config)).brokenAt?.seq).toBe(3);
    });

    it('detects a record altered with every later hash and the head recomputed', async () => {
      const { test, config } = await trail();
      const all = await rows(test);
      all[1] = { ...all[1]!, action: 'user.innocent' };
      await rechain(test, all);
      const result = await verifyAnchoredAuditTrail(test.ctx.db, config);
      expect(result.ok).toBe(false);
      expect(result.brokenAt?.reason).toMatch(/differs from the checkpoint/);
    });

    it('detects a record deleted with the rest renumbered and rehashed', async () => {
      const { test, config } = await trail();
      await rechain(
        test,
        (await rows(test)).filter((row) => row.seq !== 3),
      );
      const result = await verifyAnchoredAuditTrail(test.ctx.db, config);
      expect(result.ok).toBe(false);
      expect(result.brokenAt?.reason).toMatch(/truncated|differs from the checkpoint/);
    });

    it('detects a truncated tail with the head rewound', async () => {
      const { test, config } = await trail();
      await rechain(
        test,
        (await rows(test)).filter((row) => row.seq <= 5),
      );
      const result = await verifyAnchoredAuditTrail(test.ctx.db, config);
      expect(result).toMatchObject({ ok: false, brokenAt: { seq: 6 } });
      expect(result.brokenAt?.reason).toMatch(/truncated/);
    });

    it('refuses a checkpoint forged without the key', async () => {
      const { test, config } = await trail();
      const all = await rows(test);
      all[1] = { ...all[1]!, action: 'user.innocent' };
      await rechain(test, all);
      // The forger rewrites the checkpoint file too, but cannot sign the new head.
      const file = path.join(config.dataDir, 'audit-checkpoints.jsonl');
      const [point] = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { hash: string });
      const head = await test.ctx.db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
      writeFileSync(file, `${JSON.stringify({ ...point, hash: head.last_hash })}\n`);
      const result = await verifyAnchoredAuditTrail(test.ctx.db, config);
      expect(result.ok).toBe(false);
      expect(result.brokenAt?.reason).toMatch(/not signed with this installation's key/);
    });

    describe('retention (decision 0017)', () => {
      /** 4 records, a cut-off after them, 4 more: the first 4 are older than the cut-off. */
      const agedTrail = async () => {
        folder = mkdtempSync(path.join(tmpdir(), 'renkei-prune-'));
        test = await createTestRuntime(dialect);
        const config = { ...test.ctx.config, dataDir: folder, auditKey: '', auditCheckpointFile: '' };
        for (let i = 0; i < 4; i++) await makeUser(test.ctx);
        const last = (await rows(test)).at(-1)!.at;
        let cutoff = new Date().toISOString();
        while (cutoff <= last) cutoff = new Date().toISOString(); // a later millisecond, whatever the machine
        for (let i = 0; i < 4; i++) await makeUser(test.ctx);
        return { test, config, cutoff, archiveFile: path.join(folder, 'archive', 'audit.jsonl') };
      };

      it('archives and removes older records, and the rest still verifies against its signed start', async () => {
        const { test, config, cutoff, archiveFile } = await agedTrail();
        const before = await rows(test);
        const pruned = await pruneAuditTrail(test.ctx.db, config, { before: cutoff, archiveFile });
        expect(pruned).toMatchObject({ removed: 4, baseSeq: 4 });
        expect((await rows(test)).map((row) => row.seq)).toEqual([5, 6, 7, 8]);
        expect(await verifyAnchoredAuditTrail(test.ctx.db, config)).toMatchObject({ ok: true, checked: 4 });
        // The archive holds the removed records as they were: their chain verifies on its own.
        const archived = readFileSync(archiveFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as AuditEventRow);
        expect(archived).toEqual(before.slice(0, 4).map((row) => ({ ...row, seq: Number(row.seq) })));
        let previous = '0'.repeat(64);
        for (const row of archived) {
          const { hash, ...fields } = row;
          expect(fields.prev_hash).toBe(previous);
          expect(auditRecordHash(fields)).toBe(hash);
          previous = hash;
        }
        expect((await rows(test))[0]!.prev_hash).toBe(previous);
        expect(statSync(archiveFile).mode & 0o077).toBe(0);
        // New records keep chaining, and a second prune with nothing old enough does nothing.
        await makeUser(test.ctx);
        expect(await pruneAuditTrail(test.ctx.db, config, { before: cutoff, archiveFile })).toMatchObject({
          removed: 0,
          baseSeq: 4,
        });
        expect(await verifyAnchoredAuditTrail(test.ctx.db, config)).toMatchObject({ ok: true, checked: 5 });
      });

      it('detects records removed from the start without a signed prune', async () => {
        const { test, config, cutoff, archiveFile } = await agedTrail();
        await pruneAuditTrail(test.ctx.db, config, { before: cutoff, archiveFile });
        // Someone with the database removes two more and moves the start: the chain alone agrees.
        const [fifth, sixth] = await rows(test);
        await test.ctx.db.deleteFrom('audit_event').where('seq', '<=', sixth!.seq).execute();
        await test.ctx.db.updateTable('audit_chain_head').set({ base_seq: 6, base_hash: sixth!.hash }).execute();
        expect((await verifyAuditChain(test.ctx.db)).ok).toBe(true);
        const result = await verifyAnchoredAuditTrail(test.ctx.db, config);
        expect(result.ok).toBe(false);
        expect(result.brokenAt?.reason).toMatch(/removed without a signed prune/);
        expect(fifth!.seq).toBe(5);
      });

      it('never prunes a trail that does not verify', async () => {
        const { test, config, cutoff, archiveFile } = await agedTrail();
        await test.ctx.db.updateTable('audit_event').set({ action: 'user.forged' }).where('seq', '=', 2).execute();
        await expect(pruneAuditTrail(test.ctx.db, config, { before: cutoff, archiveFile })).rejects.toThrow(
          /does not verify/,
        );
        expect(await rows(test)).toHaveLength(8);
      });
    });
  });
}
