import type { DirectoryImportResult, Organisation, OrganisationSummary } from '@renkei/contracts';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { ConstituencyIndex, normaliseConstituency } from './constituency.js';
import { readDirectoryCsv, readFirstTeams } from './directory-format.js';

describe('constituency', () => {
  it('normalises entries and refuses what is not valid for the kind', () => {
    expect(normaliseConstituency('cidr', '192.0.2.77/24')).toEqual({ value: '192.0.2.0/24' });
    expect(normaliseConstituency('cidr', '2001:DB8:0::/32')).toEqual({ value: '2001:db8::/32' });
    expect(normaliseConstituency('asn', 'AS64500')).toEqual({ value: '64500' });
    expect(normaliseConstituency('domain', '*.例え.JP.')).toEqual({ value: 'xn--r8jz45g.jp' });
    expect(normaliseConstituency('country', 'jp')).toEqual({ value: 'JP' });
    expect(normaliseConstituency('cidr', '192.0.2.0/33')).toHaveProperty('problem');
    expect(normaliseConstituency('asn', 'ASX')).toHaveProperty('problem');
    expect(normaliseConstituency('domain', 'localhost')).toHaveProperty('problem');
  });

  it('answers with the most specific entry: a /24 inside a /16, a subdomain inside its parent, IPv6', () => {
    const index = new ConstituencyIndex<string>();
    index.add('cidr', '198.51.0.0/16', 'isp');
    index.add('cidr', '198.51.100.0/24', 'customer');
    index.add('cidr', '2001:db8::/32', 'isp6');
    index.add('cidr', '2001:db8:1234::/48', 'customer6');
    index.add('domain', 'example.jp', 'parent');
    index.add('domain', 'shop.example.jp', 'shop');
    index.add('asn', '64500', 'as-owner');
    index.add('country', 'JP', 'jpcert');
    expect(index.matchIp('198.51.100.9')?.owner).toBe('customer');
    expect(index.matchIp('198.51.7.1')).toEqual({ owner: 'isp', kind: 'cidr', entry: '198.51.0.0/16' });
    expect(index.matchIp('::ffff:198.51.100.9')?.owner).toBe('customer');
    expect(index.matchIp('2001:db8:1234:5::1')?.owner).toBe('customer6');
    expect(index.matchIp('2001:db8:ffff::1')?.owner).toBe('isp6');
    expect(index.matchIp('203.0.113.1')).toBeUndefined();
    expect(index.matchDomain('www.shop.example.jp')?.owner).toBe('shop');
    expect(index.matchDomain('mail.example.jp')?.owner).toBe('parent');
    expect(index.matchDomain('example.com')).toBeUndefined();
    expect(index.matchAsn(64500)?.owner).toBe('as-owner');
    expect(index.matchCountry('jp').map((match) => match.owner)).toEqual(['jpcert']);
  });

  it('reads CSV rows, reporting each bad row by line and keeping the good ones', async () => {
    const csv = [
      'name,local_name,kind,country,languages,abuse_email,networks,asns,domains,countries,tlp',
      'Example Hosting,例ホスティング株式会社,hosting_provider,JP,ja;en,abuse@hosting.example,192.0.2.0/24;2001:db8::/32,64500,hosting.example,,GREEN',
      'Broken Kind,,webhost,JP,ja,,,,,,',
      'Bad Mail,,isp,JP,ja,not-an-address,,,,,',
      'Short row,,isp',
    ].join('\n');
    const { rows } = await readDirectoryCsv(csv);
    expect(rows[0]).toMatchObject({ row: 2, name: 'Example Hosting', problems: [] });
    expect(rows[0]!.input?.constituency).toHaveLength(4);
    expect(rows[1]).toMatchObject({ row: 3, name: 'Broken Kind' });
    expect(rows[1]!.problems[0]).toMatch(/^kind:/);
    expect(rows[2]!.problems[0]).toMatch(/^emails\.0\.address:/);
    expect(rows[3]!.problems).toEqual(['3 fields where the header has 11']);
  });

  it("reads FIRST's team directory: each team with its address, membership and key; a team without an address reported", () => {
    const answer = {
      status: 'OK',
      'status-code': 200,
      total: 3,
      data: [
        {
          id: 'jpcert-cc',
          team: 'JPCERT/CC',
          'team-full': 'Japan Computer Emergency Response Team Coordination Center',
          membership: 'Full Member',
          host: 'JPCERT/CC',
          country: 'jp',
          email: 'first-team@jpcert.test',
          website: 'https://www.jpcert.test/',
          'pgp-fingerprint': 'E28D172B46A939287A7E9B2CF46ECE7D08F8DDD9',
          'pgp-key': '-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQ\n-----END PGP PUBLIC KEY BLOCK-----',
        },
        { id: 'silent', team: 'Silent Team', country: 'DE' },
        { id: 'odd', team: 'Odd Team', country: 'Germany', email: 'cert@odd.test' },
      ],
    };
    const { rows } = readFirstTeams(answer, 'national_csirt');
    expect(rows[0]!.input).toMatchObject({
      name: 'JPCERT/CC',
      localName: 'Japan Computer Emergency Response Team Coordination Center',
      kind: 'national_csirt',
      country: 'JP',
      emails: [{ address: 'first-team@jpcert.test', purpose: 'security' }],
      memberships: ['FIRST', 'FIRST Full Member'],
      tlp: 'CLEAR',
    });
    expect(rows[0]!.pgpKeys).toHaveLength(1);
    expect(rows[1]).toMatchObject({ name: 'Silent Team', problems: ['email: the team lists no address'] });
    expect(rows[2]!.problems[0]).toMatch(/^country:/);
    expect(readFirstTeams({ status: 'error', data: [] }, 'other').problem).toMatch(/status error/);
    expect(readFirstTeams([], 'other').problem).toMatch(/FIRST API/);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the partner directory`, () => {
    let test: TestApp;
    let workspaceId: string;
    let handler: Client;
    let partner: Client;
    let outsider: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-dir', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const other = (
        await createWorkspace(test.ctx, null, { slug: 'hub-other', name: 'Other', kind: 'hub_operations' })
      ).id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'GREEN');
      partner = await signIn(test.app, p.username);
      const o = await makeUser(test.ctx);
      await addMember(test.ctx, other, o.id, 'handler');
      outsider = await signIn(test.app, o.username);
    });
    afterAll(() => test.destroy());

    const jpcert = {
      name: 'JPCERT/CC',
      localName: '一般社団法人JPCERTコーディネーションセンター',
      kind: 'national_csirt',
      country: 'jp',
      languages: ['ja', 'en'],
      timeZone: 'Asia/Tokyo',
      emails: [{ address: 'info@jpcert.example', purpose: 'security' }],
      memberships: ['FIRST', 'APCERT'],
      trustLevel: 'partner',
      tlp: 'GREEN',
      constituency: [{ kind: 'country', value: 'JP' }],
      contacts: [{ name: '山田 太郎', email: 'yamada@jpcert.example', role: 'duty handler', languages: ['ja'] }],
    };

    it('creates, reads, updates and deletes an organisation, each change audited', async () => {
      const created = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/directory`,
        payload: jpcert,
      });
      expect(created.statusCode).toBe(201);
      const organisation = created.json<Organisation>();
      expect(organisation).toMatchObject({ name: 'JPCERT/CC', country: 'JP', trustLevel: 'partner', tlp: 'GREEN' });
      expect(organisation.contacts).toEqual([
        {
          id: expect.any(String) as string,
          name: '山田 太郎',
          email: 'yamada@jpcert.example',
          role: 'duty handler',
          languages: ['ja'],
        },
      ]);
      const updated = await handler.request({
        method: 'PUT',
        url: `/api/directory/${organisation.id}`,
        payload: {
          ...jpcert,
          notes: '24/7 窓口',
          constituency: [
            { kind: 'country', value: 'JP' },
            { kind: 'asn', value: 'AS64496' },
          ],
        },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json<Organisation>().constituency).toEqual([
        { kind: 'asn', value: '64496' },
        { kind: 'country', value: 'JP' },
      ]);
      const audit = await test.ctx.db
        .selectFrom('audit_event')
        .select(['action'])
        .where('object_id', '=', organisation.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((row) => row.action)).toEqual([
        'directory.organisation-create',
        'directory.organisation-update',
      ]);
      const bad = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/directory`,
        payload: { ...jpcert, name: 'Bad', constituency: [{ kind: 'cidr', value: '10.0.0.0/99' }] },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json<{ code: string }>().code).toBe('DIRECTORY_CONSTITUENCY_INVALID');
    });

    it('shows each party the keys of its addresses from the key directory, with expiry warnings', async () => {
      const { publicKey } = await openpgp.generateKey({
        userIDs: [{ name: 'Abuse Desk', email: 'abuse@hosting.example' }],
        type: 'ecc',
        curve: 'curve25519Legacy',
        keyExpirationTime: 10 * 86_400,
      });
      const imported = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/directory/import`,
        payload: {
          format: 'json',
          content: [
            {
              name: 'Example Hosting',
              kind: 'hosting_provider',
              country: 'JP',
              languages: ['ja'],
              emails: [{ address: 'abuse@hosting.example', purpose: 'abuse' }],
              constituency: [{ kind: 'cidr', value: '192.0.2.0/24' }],
              tlp: 'AMBER',
              pgpKeys: [publicKey],
            },
            { name: 'No kind' },
          ],
        },
      });
      expect(imported.statusCode).toBe(200);
      const result = imported.json<DirectoryImportResult>();
      expect(result).toMatchObject({ created: 1, updated: 0, keysImported: 1 });
      expect(result.rejected).toEqual([
        { row: 2, name: 'No kind', problems: [expect.stringMatching(/^kind:/) as string] },
      ]);
      const list = await handler.request({ url: `/api/workspaces/${workspaceId}/directory?kind=hosting_provider` });
      const hosting = list.json<OrganisationSummary[]>()[0]!;
      const detail = (await handler.request({ url: `/api/directory/${hosting.id}` })).json<Organisation>();
      expect(detail.keys).toHaveLength(1);
      expect(detail.keys[0]!.state).toBe('expiring');
    });

    it('keeps entries above a reader’s clearance and other workspaces’ entries out of every read', async () => {
      const amber = (await handler.request({ url: `/api/workspaces/${workspaceId}/directory?q=Hosting` })).json<
        OrganisationSummary[]
      >()[0]!;
      expect(amber.tlp).toBe('AMBER');
      const partnerList = (await partner.request({ url: `/api/workspaces/${workspaceId}/directory` })).json<
        OrganisationSummary[]
      >();
      expect(partnerList.map((o) => o.name)).toEqual(['JPCERT/CC']);
      expect((await partner.request({ url: `/api/directory/${amber.id}` })).statusCode).toBe(404);
      const partnerCsv = await partner.request({ url: `/api/workspaces/${workspaceId}/directory/export?format=csv` });
      expect(partnerCsv.body).not.toContain('Example Hosting');
      expect((await outsider.request({ url: `/api/directory/${amber.id}` })).statusCode).toBe(404);
      expect((await outsider.request({ url: `/api/workspaces/${workspaceId}/directory` })).statusCode).toBe(404);
      expect((await partner.request({ method: 'DELETE', url: `/api/directory/${amber.id}` })).statusCode).toBe(404);
    });

    it('exports CSV and JSON that import back to the same directory', async () => {
      const csv = await handler.request({ url: `/api/workspaces/${workspaceId}/directory/export?format=csv` });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain('一般社団法人JPCERTコーディネーションセンター');
      const json = await handler.request({ url: `/api/workspaces/${workspaceId}/directory/export?format=json` });
      const before = (await handler.request({ url: `/api/workspaces/${workspaceId}/directory` })).json<
        OrganisationSummary[]
      >();
      for (const [format, content] of [
        ['csv', csv.body],
        ['json', json.body],
      ] as const) {
        const again = await handler.request({
          method: 'POST',
          url: `/api/workspaces/${workspaceId}/directory/import`,
          payload: { format, content },
        });
        expect(again.json<DirectoryImportResult>(), format).toMatchObject({
          created: 0,
          updated: before.length,
          rejected: [],
        });
      }
      const after = (await handler.request({ url: `/api/workspaces/${workspaceId}/directory` })).json<
        OrganisationSummary[]
      >();
      expect(after.map(({ updatedAt: _u, ...rest }) => rest)).toEqual(before.map(({ updatedAt: _u, ...rest }) => rest));
      const detail = (
        await handler.request({ url: `/api/directory/${after.find((o) => o.name === 'JPCERT/CC')!.id}` })
      ).json<Organisation>();
      expect(detail.constituency).toEqual([
        { kind: 'asn', value: '64496' },
        { kind: 'country', value: 'JP' },
      ]);
      // CSV has no column for people: importing it kept them.
      expect(detail.contacts.map((contact) => contact.name)).toEqual(['山田 太郎']);
    });
  });
}
