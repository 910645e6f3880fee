/**
 * The OpenPGP key directory of a Hub workspace: the team key (its public half is published at
 * /api/public/pgp-key) and the public keys of reporters and partners that signatures are
 * verified against. Managers create the team key; writers add and remove directory keys.
 */
import { Button } from '@mantine/core';
import type { PgpKeyDto } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, TextArea, TextField } from '../../../components/ui.js';

/** Fingerprints in groups of four, as people compare them aloud. */
function groupFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})/g, '$1 ').trim();
}

export function KeysPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const keys = useQuery<PgpKeyDto[]>(`/api/workspaces/${workspaceId}/pgp-keys`);
  const [armoredKey, setArmoredKey] = useState('');
  const [team, setTeam] = useState({ name: '', email: '' });
  const [error, setError] = useState<unknown>();

  async function run(work: () => Promise<unknown>) {
    setError(undefined);
    try {
      await work();
      await keys.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  function addKey(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await api('POST', `/api/workspaces/${workspaceId}/pgp-keys`, { armoredKey });
      setArmoredKey('');
    });
  }

  function createTeamKey(event: FormEvent) {
    event.preventDefault();
    if (keys.data?.some((key) => key.isTeamKey) && !window.confirm(t('hub.replaceTeamKey'))) return;
    void run(() => api('POST', `/api/workspaces/${workspaceId}/pgp-keys/team`, team));
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/incidents`}>← {t('hub.queue')}</Link>
      </p>
      <h1>{t('hub.keys')}</h1>
      <p className="hint">
        {t('hub.keysIntro')} <a href="/api/public/pgp-key">{t('hub.publishedKey')}</a>
      </p>
      <ErrorAlert error={error ?? keys.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('hub.fingerprint')}</th>
            <th scope="col">{t('hub.userIds')}</th>
            <th scope="col">{t('hub.expires')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(keys.data ?? []).map((key) => (
            <tr key={key.id}>
              <td>
                <code>{groupFingerprint(key.fingerprint)}</code>{' '}
                {key.isTeamKey && <strong className="badge">{t('hub.teamKey')}</strong>}
              </td>
              <td>{key.userIds.join(', ')}</td>
              <td>{key.expiresAt ? key.expiresAt.slice(0, 10) : '—'}</td>
              <td>
                <Button
                  variant="default"
                  type="button"
                  onClick={() => void run(() => api('DELETE', `/api/pgp-keys/${key.id}`))}
                >
                  {t('hub.delete')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form className="card" onSubmit={addKey} aria-labelledby="add-key-title">
        <h2 id="add-key-title">{t('hub.addKey')}</h2>
        <TextArea
          label={t('hub.armoredKey')}
          required
          rows={6}
          value={armoredKey}
          onChange={(e) => setArmoredKey(e.target.value)}
          placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----"
        />
        <Button variant="default" type="submit">
          {t('hub.addKey')}
        </Button>
      </form>

      <form className="card" onSubmit={createTeamKey} aria-labelledby="team-key-title">
        <h2 id="team-key-title">{t('hub.createTeamKey')}</h2>
        <p className="hint">{t('hub.teamKeyHint')}</p>
        <div className="inline-form">
          <TextField
            label={t('hub.teamName')}
            required
            value={team.name}
            onChange={(e) => setTeam({ ...team, name: e.target.value })}
          />
          <TextField
            label={t('hub.teamEmail')}
            type="email"
            required
            value={team.email}
            onChange={(e) => setTeam({ ...team, email: e.target.value })}
          />
          <Button variant="default" type="submit">
            {t('hub.createTeamKey')}
          </Button>
        </div>
      </form>
    </>
  );
}
