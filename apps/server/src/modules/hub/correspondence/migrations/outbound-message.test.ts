import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../../test/test-runtime.js';

const BEFORE = '202611280900_derived_links_without_foreign_keys';
const NOW = '2026-11-30T09:00:00.000Z';

// Messages sent from incidents before hub/correspondence existed move into it: sent ones keep
// their state (their replies are still claimed), queued ones get a delivery job of the new kind,
// and the old kind's jobs, which nothing handles any more, are retired.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration to outbound messages`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;

    it('copies earlier incident messages, queues the unsent ones again, and retires the old jobs', async () => {
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      await sql`INSERT INTO workspace (id, slug, name, kind, created_at) VALUES ('w1', 'hub', 'Hub', 'hub_operations', ${NOW})`.execute(
        db(),
      );
      await sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, tlp, created_at, updated_at)
        VALUES ('i1', 'w1', 'RK-2026-000001', 'フィッシング', 'new', 'medium', 'phishing_site', 'AMBER', ${NOW}, ${NOW})`.execute(
        db(),
      );
      for (const [id, delivery] of [
        ['e-sent', 'sent'],
        ['e-queued', 'queued'],
      ] as const) {
        await sql`INSERT INTO incident_entry (id, incident_id, workspace_id, kind, tlp, author_id, subject, body, recipients, message_id, delivery, created_at)
          VALUES (${id}, 'i1', 'w1', 'message', 'AMBER', NULL, '[RK-2026-000001] Takedown', 'Please remove it.', '["abuse@host.example"]', ${`<${id}@renkei.example>`}, ${delivery}, ${NOW})`.execute(
          db(),
        );
      }
      await sql`INSERT INTO job (id, name, payload, status, attempts, max_attempts, run_at, idempotency_key, progress, created_at, updated_at)
        VALUES ('j-old', 'incident.send-message', '{"entryId":"e-queued"}', 'queued', 1, 8, ${NOW}, 'e-queued', 0, ${NOW}, ${NOW})`.execute(
        db(),
      );

      expect((await database.migrator.migrateToLatest()).error).toBeUndefined();
      const messages = await db()
        .selectFrom('outbound_message')
        .select(['id', 'owner_type', 'owner_id', 'message_id', 'status'])
        .orderBy('id')
        .execute();
      expect(messages).toEqual([
        {
          id: 'e-queued',
          owner_type: 'incident',
          owner_id: 'i1',
          message_id: '<e-queued@renkei.example>',
          status: 'queued',
        },
        { id: 'e-sent', owner_type: 'incident', owner_id: 'i1', message_id: '<e-sent@renkei.example>', status: 'sent' },
      ]);
      const jobs = await db().selectFrom('job').select(['name', 'payload', 'status']).orderBy('name').execute();
      expect(jobs).toEqual([
        { name: 'correspondence.deliver', payload: '{"messageId":"e-queued"}', status: 'queued' },
        { name: 'incident.send-message', payload: '{"entryId":"e-queued"}', status: 'dead' },
      ]);
    });

    it('goes down and up again', async () => {
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      expect((await database.migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
