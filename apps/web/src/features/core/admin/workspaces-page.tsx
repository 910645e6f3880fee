import { Button } from '@mantine/core';
import {
  DEFAULT_CLEARANCE,
  ROLES,
  TLP_LEVELS,
  WORKSPACE_KINDS,
  isTlpWithin,
  type MemberDto,
  type Role,
  type Tlp,
  type WorkspaceDto,
  type WorkspaceKind,
} from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useSession } from '../../../app/session.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextField, TlpBadge } from '../../../components/ui.js';

function Members({ workspace }: { workspace: WorkspaceDto }) {
  const { t } = useTranslation();
  const members = useQuery<MemberDto[]>(`/api/workspaces/${workspace.id}/members`);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('handler');
  const [clearance, setClearance] = useState<Tlp | ''>('');
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      await members.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    void run(() =>
      api('PUT', `/api/workspaces/${workspace.id}/members/${encodeURIComponent(username)}`, {
        role,
        ...(clearance ? { clearance } : {}),
      }),
    ).then(() => setUsername(''));
  }

  return (
    <section className="card" aria-label={`${t('workspaces.members')}: ${workspace.name}`}>
      <h3>
        {t('workspaces.members')}: {workspace.name}
      </h3>
      <ErrorAlert error={error ?? members.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('workspaces.role')}</th>
            <th scope="col">{t('workspaces.clearance')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {members.data?.map((member) => (
            <tr key={member.userId}>
              <td>{member.username}</td>
              <td>{member.displayName}</td>
              <td>{t(`role.${member.role}`)}</td>
              <td>
                <TlpBadge tlp={member.clearance} />
              </td>
              <td>
                <Button
                  variant="default"
                  type="button"
                  onClick={() =>
                    void run(() =>
                      api('DELETE', `/api/workspaces/${workspace.id}/members/${encodeURIComponent(member.username)}`),
                    )
                  }
                >
                  {t('workspaces.remove')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={(event) => void add(event)}>
        <TextField
          label={t('users.username')}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <SelectField label={t('workspaces.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('workspaces.clearance')}
          value={clearance}
          onChange={(e) => setClearance(e.target.value as Tlp | '')}
        >
          <option value="">
            {t('workspaces.defaultClearance')} ({DEFAULT_CLEARANCE[role]})
          </option>
          {TLP_LEVELS.filter((level) => isTlpWithin(level, DEFAULT_CLEARANCE[role])).map((level) => (
            <option key={level} value={level}>
              {t(`tlp.${level}`)}
            </option>
          ))}
        </SelectField>
        <Button variant="default" type="submit">
          {t('workspaces.addMember')}
        </Button>
      </form>
    </section>
  );
}

export function WorkspacesPage() {
  const { t } = useTranslation();
  const { user, refresh } = useSession();
  const workspaces = useQuery<WorkspaceDto[]>('/api/workspaces');
  const [form, setForm] = useState<{ slug: string; name: string; kind: WorkspaceKind }>({
    slug: '',
    name: '',
    kind: 'range_course',
  });
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [openId, setOpenId] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/api/workspaces', form);
      setMessage(t('workspaces.created'));
      setForm({ slug: '', name: '', kind: 'range_course' });
      await workspaces.reload();
      await refresh();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <h1>{t('workspaces.title')}</h1>
      <ErrorAlert error={error ?? workspaces.error} />
      {message && <Notice>{message}</Notice>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('workspaces.name')}</th>
            <th scope="col">{t('workspaces.slug')}</th>
            <th scope="col">{t('workspaces.kind')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {workspaces.data?.map((workspace) => (
            <tr key={workspace.id}>
              <td>{workspace.name}</td>
              <td>
                <code>{workspace.slug}</code>
              </td>
              <td>{t(`workspaceKind.${workspace.kind}`)}</td>
              <td>
                <Button
                  variant="default"
                  type="button"
                  aria-expanded={openId === workspace.id}
                  onClick={() => setOpenId(openId === workspace.id ? undefined : workspace.id)}
                >
                  {t('workspaces.manageMembers')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {workspaces.data
        ?.filter((w) => w.id === openId)
        .map((workspace) => (
          <Members key={workspace.id} workspace={workspace} />
        ))}
      {user?.isSystemAdmin && (
        <form onSubmit={(event) => void create(event)} className="card" aria-labelledby="create-workspace-title">
          <h2 id="create-workspace-title">{t('workspaces.create')}</h2>
          <TextField
            label={t('workspaces.slug')}
            required
            pattern="[a-z0-9][a-z0-9\-]*"
            value={form.slug}
            onChange={(e) => setForm({ ...form, slug: e.target.value })}
          />
          <TextField
            label={t('workspaces.name')}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <SelectField
            label={t('workspaces.kind')}
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as WorkspaceKind })}
          >
            {WORKSPACE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`workspaceKind.${kind}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit">{t('workspaces.create')}</Button>
        </form>
      )}
    </>
  );
}
