import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, Notice, TextField } from '../../../components/ui.js';

export function ChangePasswordForm({ isForced = false }: { isForced?: boolean }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (newPassword !== confirm) {
      setMessage(t('password.mismatch'));
      return;
    }
    try {
      await api('POST', '/api/auth/password', { currentPassword, newPassword });
      setMessage(t('password.changed'));
      setCurrentPassword('');
      setNewPassword('');
      setConfirm('');
      await refresh();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="change-password-title">
      <h2 id="change-password-title">{t('password.changeTitle')}</h2>
      {isForced && <p>{t('password.mustChange')}</p>}
      <form onSubmit={(event) => void submit(event)}>
        <TextField
          label={t('password.current')}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
        />
        <TextField
          label={t('password.new')}
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
        <TextField
          label={t('password.confirm')}
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
        <ErrorAlert error={error} />
        {message && <Notice>{message}</Notice>}
        <Button type="submit">{t('password.submit')}</Button>
      </form>
    </section>
  );
}
