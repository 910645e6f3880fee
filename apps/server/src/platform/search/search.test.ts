import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace } from '../../../test/factories.js';
import { createTestRuntime, type TestRuntime } from '../../../test/test-runtime.js';
import { loadActor } from '../auth/auth.service.js';
import { nowIso } from '../db/database.js';
import { indexSearchDocument, registerExcerptSource, removeSearchDocument, searchReadable } from './search.service.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: full-text search`, () => {
    let test: TestRuntime;
    let workspaceId: string;
    let otherWorkspaceId: string;
    beforeAll(async () => {
      test = await createTestRuntime(dialect);
      workspaceId = (await makeWorkspace(test.ctx)).id;
      otherWorkspaceId = (await makeWorkspace(test.ctx)).id;
      const docs = [
        {
          objectId: 'ja-1',
          title: 'フィッシングサイトの停止依頼',
          body: '銀行を装ったフィッシングサイトが確認されました。ホスティング事業者に停止を依頼します。',
          tlp: 'GREEN' as const,
        },
        {
          objectId: 'ja-2',
          title: '制御システムへの不正アクセス',
          body: '浄水場の監視制御システムで不審な通信を検知。',
          tlp: 'AMBER' as const,
        },
        {
          objectId: 'en-1',
          title: 'Website defacement report',
          body: 'The homepage of example.jp was defaced; please contact the hosting provider.',
          tlp: 'CLEAR' as const,
        },
        {
          objectId: 'red-1',
          title: 'Victim details フィッシング',
          body: 'Named victim organisation',
          tlp: 'RED' as const,
        },
      ];
      for (const doc of docs)
        await indexSearchDocument(test.ctx.db, { ...doc, objectType: 'note', workspaceId, updatedAt: nowIso() });
      await indexSearchDocument(test.ctx.db, {
        objectType: 'note',
        objectId: 'other-1',
        workspaceId: otherWorkspaceId,
        tlp: 'CLEAR',
        title: 'フィッシング in another tenant',
        body: '',
        updatedAt: nowIso(),
      });
    });
    afterAll(async () => test.destroy());

    async function actorWithClearance(clearance: 'AMBER' | 'RED') {
      const user = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, user.id, 'handler', clearance);
      return loadActor(test.ctx.db, user);
    }

    it('finds Japanese substrings of three or more characters', async () => {
      const actor = await actorWithClearance('AMBER');
      const hits = await searchReadable(test.ctx, actor, 'フィッシングサイト');
      expect(hits.map((h) => h.objectId)).toEqual(['ja-1']);
    });

    it('finds short Japanese words (two characters) too', async () => {
      const actor = await actorWithClearance('AMBER');
      expect((await searchReadable(test.ctx, actor, '停止')).map((h) => h.objectId)).toEqual(['ja-1']);
      expect((await searchReadable(test.ctx, actor, '浄水')).map((h) => h.objectId)).toEqual(['ja-2']);
    });

    it('finds English case-insensitively and ANDs several terms', async () => {
      const actor = await actorWithClearance('AMBER');
      expect((await searchReadable(test.ctx, actor, 'DEFACED hosting')).map((h) => h.objectId)).toEqual(['en-1']);
      expect(await searchReadable(test.ctx, actor, 'defaced 浄水場')).toEqual([]);
    });

    it('normalises full-width letters (NFKC)', async () => {
      const actor = await actorWithClearance('AMBER');
      expect((await searchReadable(test.ctx, actor, 'ｄｅｆａｃｅｍｅｎｔ')).map((h) => h.objectId)).toEqual(['en-1']);
    });

    it('treats query syntax and wildcards as literal text', async () => {
      const actor = await actorWithClearance('RED');
      expect(await searchReadable(test.ctx, actor, '"OR" NEAR(a b)')).toEqual([]);
      expect(await searchReadable(test.ctx, actor, '%')).toEqual([]);
      expect(await searchReadable(test.ctx, actor, '_')).toEqual([]);
      // Longer terms with wildcards match only literally (example_jp is not example.jp).
      expect(await searchReadable(test.ctx, actor, 'example_jp')).toEqual([]);
      expect(await searchReadable(test.ctx, actor, 'exa%ple')).toEqual([]);
    });

    it('matches a term inside the body as well as the title', async () => {
      const actor = await actorWithClearance('AMBER');
      expect((await searchReadable(test.ctx, actor, '監視制御')).map((h) => h.objectId)).toEqual(['ja-2']);
      expect((await searchReadable(test.ctx, actor, 'EXAMPLE.JP')).map((h) => h.objectId)).toEqual(['en-1']);
    });

    it('returns only what the reader may see: own workspace, within clearance', async () => {
      const amber = await actorWithClearance('AMBER');
      const red = await actorWithClearance('RED');
      expect((await searchReadable(test.ctx, amber, 'フィッシング')).map((h) => h.objectId).sort()).toEqual(['ja-1']);
      expect((await searchReadable(test.ctx, red, 'フィッシング')).map((h) => h.objectId).sort()).toEqual([
        'ja-1',
        'red-1',
      ]);
    });

    it('matches inside words, across punctuation, and folds case beyond ASCII', async () => {
      const actor = await actorWithClearance('RED');
      await indexSearchDocument(test.ctx.db, {
        objectType: 'note',
        objectId: 'words',
        workspaceId,
        tlp: 'CLEAR',
        title: 'Ärger über Phishing',
        body: 'Die Seite hxxps://bank-login[.]example/Konto/ANMELDEN sammelt Zugangsdaten.\nDie Seite ist noch erreichbar. Codes abcd, cdef.',
        updatedAt: nowIso(),
      });
      expect((await searchReadable(test.ctx, actor, 'ärger')).map((h) => h.objectId)).toEqual(['words']);
      expect((await searchReadable(test.ctx, actor, 'ÜBER')).map((h) => h.objectId)).toEqual(['words']);
      expect((await searchReadable(test.ctx, actor, 'login[.]example/konto')).map((h) => h.objectId)).toEqual([
        'words',
      ]);
      expect((await searchReadable(test.ctx, actor, 'nmelde')).map((h) => h.objectId)).toEqual(['words']);
      // Every term must occur; a term never spans two words (queries are split at spaces).
      expect(await searchReadable(test.ctx, actor, 'zugangsdaten.die')).toEqual([]);
      // Every trigram of "abcdef" is in the words "abcd" and "cdef", the term itself is not: the
      // trigram index only proposes candidates.
      expect((await searchReadable(test.ctx, actor, 'abcd')).map((h) => h.objectId)).toEqual(['words']);
      expect(await searchReadable(test.ctx, actor, 'abcdef')).toEqual([]);
      await removeSearchDocument(test.ctx.db, 'note', 'words');
    });

    it('shows a snippet around the first term', async () => {
      const actor = await actorWithClearance('AMBER');
      const [hit] = await searchReadable(test.ctx, actor, 'ホスティング事業者');
      expect(hit?.snippet).toContain('ホスティング事業者に停止を依頼します。');
    });

    it('keeps only the words of a document whose object keeps its text, and reads its snippet from the object', async () => {
      const actor = await actorWithClearance('AMBER');
      const texts = new Map([
        ['kept-1', `${'前置き。'.repeat(40)}ＳＣＡＤＡへの不審な通信を検知しました。${'後書き。'.repeat(40)}`],
      ]);
      registerExcerptSource(
        'kept-note',
        async (_db, ids) => new Map(ids.flatMap((id) => (texts.has(id) ? [[id, texts.get(id)!]] : []))),
      );
      await indexSearchDocument(test.ctx.db, {
        objectType: 'kept-note',
        objectId: 'kept-1',
        workspaceId,
        tlp: 'GREEN',
        title: '監視',
        body: texts.get('kept-1')!,
        bodyKeptByObject: true,
        updatedAt: nowIso(),
      });
      const stored = await test.ctx.db
        .selectFrom('search_document')
        .select('body')
        .where('object_id', '=', 'kept-1')
        .executeTakeFirstOrThrow();
      expect(stored.body).toBe('');
      const [hit] = await searchReadable(test.ctx, actor, 'scadaへの');
      expect(hit?.objectId).toBe('kept-1');
      // Around the term (NFKC: ＳＣＡＤＡ is SCADA), not the text's beginning.
      expect(hit?.snippet).toMatch(/^….*SCADAへの不審な通信を検知しました。.*…$/);
      expect((await searchReadable(test.ctx, actor, 'scadaへの', { snippets: false }))[0]?.snippet).toBe('');
      await removeSearchDocument(test.ctx.db, 'kept-note', 'kept-1');
    });

    it('forgets removed documents and follows updates', async () => {
      const actor = await actorWithClearance('RED');
      await indexSearchDocument(test.ctx.db, {
        objectType: 'note',
        objectId: 'tmp',
        workspaceId,
        tlp: 'CLEAR',
        title: 'ランサムウェア被害',
        body: '',
        updatedAt: nowIso(),
      });
      expect((await searchReadable(test.ctx, actor, 'ランサムウェア')).map((h) => h.objectId)).toEqual(['tmp']);
      await indexSearchDocument(test.ctx.db, {
        objectType: 'note',
        objectId: 'tmp',
        workspaceId,
        tlp: 'CLEAR',
        title: 'DDoS攻撃',
        body: '',
        updatedAt: nowIso(),
      });
      expect(await searchReadable(test.ctx, actor, 'ランサムウェア')).toEqual([]);
      await removeSearchDocument(test.ctx.db, 'note', 'tmp');
      expect(await searchReadable(test.ctx, actor, 'DDoS攻撃')).toEqual([]);
    });
  });
}
