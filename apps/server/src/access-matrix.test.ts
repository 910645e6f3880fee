/**
 * The access matrix: for every role (and a system administrator and an outsider) and every
 * endpoint, what a user may see and do. A user sees nothing outside their workspace or above
 * their TLP clearance. The last test fails when an endpoint is added without a row here.
 */
import {
  DEFAULT_CLEARANCE,
  ROLES,
  ROLE_PERMISSIONS,
  TLP_LEVELS,
  isTlpWithin,
  type Role,
  type Tlp,
} from '@renkei/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeInventory } from './app.js';
import { MODULES } from './modules/index.js';
import { loadActor } from './platform/auth/auth.service.js';
import * as noticeService from './modules/core/notice/notice.service.js';
import { createWorkspace } from './modules/core/admin/index.js';
import { fileReport } from './modules/hub/incident/index.js';
import { receiveMail } from './modules/hub/intake/index.js';
import { DIALECTS } from '../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, uniqueName, type Client } from '../test/factories.js';
import { createTestApp, type TestApp } from '../test/test-runtime.js';

/**
 * The access rule of every endpoint: the platform's own here, each module's from its
 * `RenkeiModule.access` (the module's tests drive its rules; this file drives the shared ones).
 */
const PLATFORM_ACCESS: Record<string, string> = {
  'GET /healthz': 'public',
  'GET /metrics': 'public (operations)',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'self',
  'GET /api/auth/session': 'self',
  'POST /api/auth/password': 'self',
  'POST /api/auth/totp/setup': 'self',
  'POST /api/auth/totp/enable': 'self',
  'POST /api/auth/totp/disable': 'self',
  'GET /api/tokens': 'own tokens only',
  'POST /api/tokens': 'self',
  'DELETE /api/tokens/:id': 'own tokens only',
  'GET /api/search': 'TLP and workspace',
};
const COVERED = new Map<string, { module: string; rule: string }>([
  ...Object.entries(PLATFORM_ACCESS).map(([route, rule]) => [route, { module: 'platform', rule }] as const),
  ...MODULES.flatMap((module) =>
    Object.entries(module.access).map(([route, rule]) => [route, { module: module.name, rule }] as const),
  ),
]);

const can = (role: Role, permission: (typeof ROLE_PERMISSIONS)[Role][number]) =>
  ROLE_PERMISSIONS[role].includes(permission);

for (const dialect of DIALECTS) {
  describe(`${dialect}: access matrix`, () => {
    let test: TestApp;
    let workspaceA: string;
    let workspaceB: string;
    const notices = new Map<string, { workspace: 'A' | 'B'; tlp: Tlp }>();
    const incidents = new Map<string, { workspace: 'A' | 'B'; tlp: Tlp }>();
    const reports = new Map<string, { workspace: 'A' | 'B'; tlp: Tlp }>();
    const clients = new Map<Role, Client>();
    let sysadmin: Client;
    let outsider: Client;
    let spareUsername: string;
    let staging: string;
    let strangerUsername: string;
    let quarantinedId: string;
    let otherInstructorUsername: string;
    const roleUsers = new Map<Role, string>();

    beforeAll(async () => {
      // Workspace A is also where mail arrives, so that its quarantine holds a real message.
      const intakeSlug = uniqueName('matrix-intake-');
      test = await createTestApp(dialect, { hubIntakeWorkspace: intakeSlug });
      const { ctx, app } = test;
      workspaceA = (await createWorkspace(ctx, null, { slug: intakeSlug, name: 'A', kind: 'hub_operations' })).id;
      workspaceB = (await makeWorkspace(ctx)).id;
      const author = await makeUser(ctx);
      await addMember(ctx, workspaceA, author.id, 'handler');
      await addMember(ctx, workspaceB, author.id, 'handler');
      const authorActor = await loadActor(ctx.db, author);
      for (const [label, workspaceId] of [
        ['A', workspaceA],
        ['B', workspaceB],
      ] as const) {
        for (const tlp of TLP_LEVELS) {
          const notice = await noticeService.createNotice(ctx, authorActor, workspaceId, {
            tlp,
            title: `matrixword ${label} ${tlp}`,
            body: `機密 ${tlp}`,
          });
          notices.set(notice.id, { workspace: label, tlp });
          const filed = await fileReport(ctx, {
            workspaceId,
            channel: 'api',
            tlp,
            subject: `incident ${label} ${tlp}`,
            body: `https://${label.toLowerCase()}-${tlp.replace('+', '-').toLowerCase()}.matrix-renkei-test.com/`,
          });
          incidents.set(filed.incidentId, { workspace: label, tlp });
          reports.set(filed.reportId, { workspace: label, tlp });
        }
      }
      // A managers' staging workspace: managers pick new members only among people they share one with.
      staging = (await makeWorkspace(ctx)).id;
      for (const role of ROLES) {
        const user = await makeUser(ctx, { username: uniqueName(`r-${role.replace(/_/g, '-')}-`) });
        await addMember(ctx, workspaceA, user.id, role);
        await addMember(ctx, staging, user.id, 'trainee');
        roleUsers.set(role, user.username);
        clients.set(role, await signIn(app, user.username));
      }
      const admin = await makeUser(ctx, { isSystemAdmin: true });
      sysadmin = await signIn(app, admin.username);
      const other = await makeUser(ctx);
      await addMember(ctx, workspaceB, other.id, 'handler');
      outsider = await signIn(app, other.username);
      const spare = await makeUser(ctx);
      await addMember(ctx, staging, spare.id, 'trainee');
      spareUsername = spare.username;
      strangerUsername = (await makeUser(ctx)).username;
      quarantinedId = (
        await receiveMail(ctx, Buffer.from('this is not an e-mail message at all'), {
          source: 'smtp',
          from: 'victim-reporter@matrix-renkei-test.example',
        })
      ).inboundId;
      await ctx.jobs.drain();
      const otherInstructor = await makeUser(ctx);
      await addMember(ctx, workspaceA, otherInstructor.id, 'instructor');
      otherInstructorUsername = otherInstructor.username;
    });
    afterAll(async () => test.destroy());

    const expectedVisible = (role: Role) =>
      [...notices]
        .filter(([, n]) => n.workspace === 'A' && isTlpWithin(n.tlp, DEFAULT_CLEARANCE[role]))
        .map(([id]) => id)
        .sort();

    it.each(ROLES)('%s: lists exactly the notices of their workspace within clearance', async (role) => {
      const client = clients.get(role)!;
      const listed = (await client.get(`/api/workspaces/${workspaceA}/notices`)).json<{ id: string; tlp: Tlp }[]>();
      expect(listed.map((n) => n.id).sort()).toEqual(expectedVisible(role));
      const other = await client.get(`/api/workspaces/${workspaceB}/notices`);
      expect(other.statusCode).toBe(404);
    });

    it.each(ROLES)('%s: reads a single notice only within workspace and clearance', async (role) => {
      const client = clients.get(role)!;
      const visible = new Set(expectedVisible(role));
      for (const id of notices.keys()) {
        const response = await client.get(`/api/notices/${id}`);
        expect({ id, status: response.statusCode }).toEqual({ id, status: visible.has(id) ? 200 : 404 });
      }
    });

    it.each(ROLES)('%s: search returns only readable objects', async (role) => {
      const hits = (await clients.get(role)!.get('/api/search?q=matrixword&limit=100')).json<{ objectId: string }[]>();
      expect(hits.map((h) => h.objectId).sort()).toEqual(expectedVisible(role));
      const japanese = (await clients.get(role)!.get(`/api/search?q=${encodeURIComponent('機密')}&limit=100`)).json<
        { objectId: string }[]
      >();
      expect(japanese.map((h) => h.objectId).sort()).toEqual(expectedVisible(role));
    });

    it.each(ROLES)('%s: writes notices only with content.write and labels only within clearance', async (role) => {
      const client = clients.get(role)!;
      const isWriter = can(role, 'content.write');
      const clear = await client.post(`/api/workspaces/${workspaceA}/notices`, { tlp: 'CLEAR', title: 't', body: 'b' });
      expect(clear.statusCode).toBe(isWriter ? 201 : 403);
      const red = await client.post(`/api/workspaces/${workspaceA}/notices`, { tlp: 'RED', title: 't', body: 'b' });
      expect(red.statusCode).toBe(isWriter ? (DEFAULT_CLEARANCE[role] === 'RED' ? 201 : 403) : 403);
      const inB = await client.post(`/api/workspaces/${workspaceB}/notices`, { tlp: 'CLEAR', title: 't', body: 'b' });
      expect(inB.statusCode).toBe(404);
      for (const [id, notice] of notices) {
        const patched = await client.patch(`/api/notices/${id}`, {
          title: `matrixword ${notice.workspace} ${notice.tlp}`,
        });
        const isVisible = notice.workspace === 'A' && isTlpWithin(notice.tlp, DEFAULT_CLEARANCE[role]);
        expect({ id, status: patched.statusCode }).toEqual({ id, status: isVisible ? (isWriter ? 200 : 403) : 404 });
      }
      if (clear.statusCode === 201) {
        const created = clear.json<{ id: string }>();
        expect((await outsider.delete(`/api/notices/${created.id}`)).statusCode).toBe(404);
        expect((await client.delete(`/api/notices/${created.id}`)).statusCode).toBe(204);
      }
      const bNotice = [...notices].find(([, n]) => n.workspace === 'B')![0];
      expect((await client.delete(`/api/notices/${bNotice}`)).statusCode).toBe(404);
    });

    it.each(ROLES)('%s: manages members and reads the audit trail only with the permission', async (role) => {
      const client = clients.get(role)!;
      const isManager = can(role, 'workspace.manage');
      expect((await client.get(`/api/workspaces/${workspaceA}/members`)).statusCode).toBe(isManager ? 200 : 403);
      expect((await client.get(`/api/workspaces/${workspaceB}/members`)).statusCode).toBe(404);
      expect(
        (await client.put(`/api/workspaces/${workspaceA}/members/${spareUsername}`, { role: 'trainee' })).statusCode,
      ).toBe(isManager ? 200 : 403);
      expect(
        (await client.put(`/api/workspaces/${workspaceB}/members/${spareUsername}`, { role: 'trainee' })).statusCode,
      ).toBe(404);
      expect((await client.delete(`/api/workspaces/${workspaceA}/members/${spareUsername}`)).statusCode).toBe(
        isManager ? 204 : 403,
      );
      const audit = await client.get(`/api/workspaces/${workspaceA}/audit`);
      expect(audit.statusCode).toBe(can(role, 'audit.read') ? 200 : 403);
      if (audit.statusCode === 200) {
        const records = audit.json<{ workspaceId: string }[]>();
        expect(records.length).toBeGreaterThan(0);
        expect(records.every((r) => r.workspaceId === workspaceA)).toBe(true);
      }
      expect((await client.get(`/api/workspaces/${workspaceB}/audit`)).statusCode).toBe(404);
    });

    it.each(ROLES)('%s: sees only their own workspaces and cannot use administration endpoints', async (role) => {
      const client = clients.get(role)!;
      const workspaces = (await client.get('/api/workspaces')).json<{ id: string }[]>();
      expect(workspaces.map((w) => w.id).sort()).toEqual([workspaceA, staging].sort());
      expect((await client.get('/api/admin/users')).statusCode).toBe(403);
      expect(
        (
          await client.post('/api/admin/users', {
            username: uniqueName('x'),
            displayName: 'x',
            password: 'long enough password',
          })
        ).statusCode,
      ).toBe(403);
      expect((await client.patch(`/api/admin/users/whoever`, { displayName: 'y' })).statusCode).toBe(403);
      expect(
        (await client.post(`/api/admin/users/whoever/password`, { password: 'long enough password' })).statusCode,
      ).toBe(403);
      expect((await client.get('/api/admin/audit')).statusCode).toBe(403);
      expect(
        (await client.post('/api/workspaces', { slug: uniqueName('w-'), name: 'x', kind: 'range_course' })).statusCode,
      ).toBe(403);
    });

    it.each(ROLES)(
      '%s: sees exactly the incidents of their workspace within clearance, and triages only with content.write',
      async (role) => {
        const client = clients.get(role)!;
        const expected = [...incidents]
          .filter(([, n]) => n.workspace === 'A' && isTlpWithin(n.tlp, DEFAULT_CLEARANCE[role]))
          .map(([id]) => id)
          .sort();
        const listed = (await client.get(`/api/workspaces/${workspaceA}/incidents?limit=100`)).json<{ id: string }[]>();
        expect(
          listed
            .map((i) => i.id)
            .filter((id) => incidents.has(id))
            .sort(),
        ).toEqual(expected);
        expect((await client.get(`/api/workspaces/${workspaceB}/incidents`)).statusCode).toBe(404);
        for (const [id, incident] of incidents) {
          const isVisible = incident.workspace === 'A' && isTlpWithin(incident.tlp, DEFAULT_CLEARANCE[role]);
          expect({ id, status: (await client.get(`/api/incidents/${id}`)).statusCode }).toEqual({
            id,
            status: isVisible ? 200 : 404,
          });
          const patched = await client.patch(`/api/incidents/${id}`, { tags: ['matrix'] });
          expect({ id, status: patched.statusCode }).toEqual({
            id,
            status: isVisible ? (can(role, 'content.write') ? 200 : 403) : 404,
          });
        }
        const filed = await client.post(`/api/workspaces/${workspaceA}/reports`, {
          subject: `report by ${role}`,
          body: 'text',
          tlp: 'GREEN',
        });
        expect(filed.statusCode).toBe(can(role, 'content.write') ? 201 : 403);
        expect(
          (await client.post(`/api/workspaces/${workspaceB}/reports`, { subject: 'x', body: 'y' })).statusCode,
        ).toBe(404);
        // The quarantine names senders and holds unlabelled mail: need-to-know, like reporters.
        const mayQuarantine = can(role, 'reporter.read') && can(role, 'content.write');
        const quarantine = await client.get(`/api/workspaces/${workspaceA}/quarantine`);
        expect(quarantine.statusCode).toBe(mayQuarantine ? 200 : 403);
        if (mayQuarantine)
          expect(quarantine.json<{ id: string; envelope_from: string }[]>()).toContainEqual(
            expect.objectContaining({ id: quarantinedId, envelope_from: 'victim-reporter@matrix-renkei-test.example' }),
          );
        expect((await client.get(`/api/workspaces/${workspaceB}/quarantine`)).statusCode).toBe(404);
        expect((await client.post('/api/quarantine/none/release')).statusCode).toBe(404);
        expect((await client.delete('/api/quarantine/none')).statusCode).toBe(404);
        if (!mayQuarantine) {
          // Neither released nor deleted, and answered as if it did not exist.
          expect((await client.post(`/api/quarantine/${quarantinedId}/release`)).statusCode).toBe(404);
          expect((await client.delete(`/api/quarantine/${quarantinedId}`)).statusCode).toBe(404);
        }
      },
    );

    it('a workspace manager who is not a system admin cannot make admins or grant clearance above the role', async () => {
      const instructor = clients.get('instructor')!;
      expect(
        (await instructor.put(`/api/workspaces/${workspaceA}/members/${spareUsername}`, { role: 'admin' })).statusCode,
      ).toBe(403);
      expect(
        (
          await instructor.put(`/api/workspaces/${workspaceA}/members/${spareUsername}`, {
            role: 'partner',
            clearance: 'AMBER',
          })
        ).statusCode,
      ).toBe(400);
    });

    it('a manager cannot demote and then remove someone who manages as they do or above', async () => {
      const instructor = clients.get('instructor')!;
      const admin = clients.get('admin')!;
      const adminName = roleUsers.get('admin')!;
      // Demoting the workspace admin to trainee, then removing them: both refused.
      expect(
        (await instructor.put(`/api/workspaces/${workspaceA}/members/${adminName}`, { role: 'trainee' })).statusCode,
      ).toBe(403);
      expect((await instructor.delete(`/api/workspaces/${workspaceA}/members/${adminName}`)).statusCode).toBe(403);
      // Nor a fellow instructor, nor appointing one.
      expect(
        (await instructor.put(`/api/workspaces/${workspaceA}/members/${otherInstructorUsername}`, { role: 'trainee' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await instructor.delete(`/api/workspaces/${workspaceA}/members/${otherInstructorUsername}`)).statusCode,
      ).toBe(403);
      expect(
        (await instructor.put(`/api/workspaces/${workspaceA}/members/${spareUsername}`, { role: 'instructor' }))
          .statusCode,
      ).toBe(403);
      // A workspace admin outranks instructors: may change them, not another admin (system administrators only).
      expect(
        (await admin.put(`/api/workspaces/${workspaceA}/members/${otherInstructorUsername}`, { role: 'instructor' }))
          .statusCode,
      ).toBe(200);
      expect(
        (await admin.put(`/api/workspaces/${workspaceA}/members/${adminName}`, { role: 'handler' })).statusCode,
      ).toBe(403);
      const members = (await sysadmin.get(`/api/workspaces/${workspaceA}/members`)).json<
        { username: string; role: Role }[]
      >();
      expect(members.find((m) => m.username === adminName)?.role).toBe('admin');
    });

    it('a manager cannot tell accounts outside their workspaces from names that do not exist', async () => {
      for (const role of ['instructor', 'admin'] as const) {
        const client = clients.get(role)!;
        const stranger = await client.put(`/api/workspaces/${workspaceA}/members/${strangerUsername}`, {
          role: 'trainee',
        });
        const missing = await client.put(`/api/workspaces/${workspaceA}/members/no-such-user-${role}`, {
          role: 'trainee',
        });
        expect([stranger.statusCode, missing.statusCode]).toEqual([404, 404]);
        expect(stranger.json<{ code: string }>().code).toBe(missing.json<{ code: string }>().code);
      }
      // The stranger was not pulled in; a system administrator may add them.
      expect(
        (await sysadmin.put(`/api/workspaces/${workspaceA}/members/${strangerUsername}`, { role: 'trainee' }))
          .statusCode,
      ).toBe(200);
      await sysadmin.delete(`/api/workspaces/${workspaceA}/members/${strangerUsername}`);
    });

    it('a system administrator manages accounts but reads no workspace content without membership', async () => {
      expect((await sysadmin.get('/api/admin/users')).statusCode).toBe(200);
      expect((await sysadmin.get('/api/admin/audit')).statusCode).toBe(200);
      expect((await sysadmin.get(`/api/workspaces/${workspaceA}/members`)).statusCode).toBe(200);
      expect((await sysadmin.get(`/api/workspaces/${workspaceA}/notices`)).statusCode).toBe(404);
      for (const id of notices.keys()) expect((await sysadmin.get(`/api/notices/${id}`)).statusCode).toBe(404);
      expect((await sysadmin.get('/api/search?q=matrixword')).json()).toEqual([]);
    });

    it('a member of another workspace sees none of this one', async () => {
      const ids = (await outsider.get('/api/search?q=matrixword&limit=100'))
        .json<{ objectId: string }[]>()
        .map((h) => h.objectId);
      const expected = [...notices].filter(([, n]) => n.workspace === 'B').map(([id]) => id);
      expect(ids.sort()).toEqual(expected.sort());
      expect((await outsider.get(`/api/workspaces/${workspaceA}/notices`)).statusCode).toBe(404);
      expect((await outsider.get('/api/workspaces')).json<{ id: string }[]>().map((w) => w.id)).toEqual([workspaceB]);
    });

    // The outside probe, kept as a test: every GET route with an id, for every role, given the id of
    // an object in a foreign workspace or above the reader's label, answers without a 2xx and
    // without the object's text — so a route a new module adds cannot leak unnoticed.
    it.each(ROLES)('%s: no id route serves a foreign or above-clearance object', async (role) => {
      const client = clients.get(role)!;
      const clearance = DEFAULT_CLEARANCE[role];
      const hidden = (objects: Map<string, { workspace: 'A' | 'B'; tlp: Tlp }>) =>
        [...objects].filter(([, o]) => o.workspace === 'B' || !isTlpWithin(o.tlp, clearance)).map(([id]) => id);
      const ids = [workspaceB, ...hidden(notices), ...hidden(incidents), ...hidden(reports)];
      const routes = routeInventory(test.app).filter(
        (r) =>
          r.method === 'GET' && r.url.startsWith('/api/') && r.url.includes('/:') && !r.url.startsWith('/api/public/'),
      );
      expect(routes.length).toBeGreaterThan(10);
      const served: string[] = [];
      for (const route of routes) {
        for (const id of ids) {
          const response = await client.get(route.url.replace(/:(\w+)/g, id));
          const isLeak =
            (response.statusCode >= 200 && response.statusCode < 300) ||
            /matrixword B|matrix-renkei-test\.com/.test(response.body.replace(/matrixword A (CLEAR|GREEN|AMBER)/g, ''));
          if (isLeak) served.push(`${route.url} ${id} → ${response.statusCode}`);
        }
      }
      expect(served).toEqual([]);
    });

    it('anonymous callers get 401 from every API endpoint except sign-in and the public ones', async () => {
      for (const route of routeInventory(test.app)) {
        if (
          !route.url.startsWith('/api/') ||
          ['/api/auth/login', '/api/openapi.json'].includes(route.url) ||
          route.url.startsWith('/api/public/')
        )
          continue;
        const url = route.url.replace(/:(\w+)/g, 'x');
        const response = await test.app.inject({
          method: route.method as 'GET',
          url,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
          route: `${route.method} ${route.url}`,
          status: 401,
        });
      }
    });

    it('covers every registered endpoint, each under the module that registers it', () => {
      const registered = routeInventory(test.app).filter((r) => !r.url.startsWith('/*'));
      const missing = registered
        .filter((r) => COVERED.get(`${r.method} ${r.url}`)?.module !== r.module)
        .map((r) => `${r.module}: ${r.method} ${r.url}`);
      expect(missing).toEqual([]);
      const registeredKeys = new Set(registered.map((r) => `${r.method} ${r.url}`));
      const stale = [...COVERED.keys()].filter((key) => !registeredKeys.has(key));
      expect(stale).toEqual([]);
    });
  });
}
