import { Button } from '@mantine/core';
import type { UserDto } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextField } from '../../../components/ui.js';

export function UsersPage() {
  const { t } = useTranslation();
  const users = useQuery<UserDto[]>('/api/admin/users');
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    email: '',
    locale: 'ja',
    password: '',
    isSystemAdmin: false,
  });
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [resetFor, setResetFor] = useState<string>();
  const [resetPassword, setResetPassword] = useState('');

  async function run(action: () => Promise<unknown>, success: string) {
    setError(undefined);
    setMessage('');
    try {
      await action();
      setMessage(success);
      await users.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    const { email, ...rest } = form;
    void run(
      () => api('POST', '/api/admin/users', { ...rest, ...(email ? { email } : {}) }),
      t('users.created', { username: form.username }),
    ).then(() =>
      setForm({ username: '', displayName: '', email: '', locale: 'ja', password: '', isSystemAdmin: false }),
    );
  }

  return (
    <>
      <h1>{t('users.title')}</h1>
      <ErrorAlert error={error ?? users.error} />
      {message && <Notice>{message}</Notice>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.totp')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) => (
            <tr key={user.id}>
              <td>
                {user.username}
                {user.isSystemAdmin && <span className="badge">{t('users.systemAdmin')}</span>}
              </td>
              <td>{user.displayName}</td>
              <td>{user.isDisabled ? t('users.disabled') : user.isLocked ? t('users.locked') : t('users.active')}</td>
              <td>{user.hasTotp ? t('users.yes') : t('users.no')}</td>
              <td className="actions">
                <Button
                  variant="default"
                  type="button"
                  onClick={() =>
                    void run(
                      () => api('PATCH', `/api/admin/users/${user.id}`, { isDisabled: !user.isDisabled }),
                      t('common.saved'),
                    )
                  }
                >
                  {user.isDisabled ? t('users.enable') : t('users.disable')}
                </Button>
                {user.isLocked && (
                  <Button
                    variant="default"
                    type="button"
                    onClick={() =>
                      void run(() => api('PATCH', `/api/admin/users/${user.id}`, { unlock: true }), t('common.saved'))
                    }
                  >
                    {t('users.unlock')}
                  </Button>
                )}
                <Button
                  variant="default"
                  type="button"
                  onClick={() => setResetFor(resetFor === user.id ? undefined : user.id)}
                  aria-expanded={resetFor === user.id}
                >
                  {t('users.resetPassword')}
                </Button>
                {resetFor === user.id && (
                  <form
                    className="inline-form"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void run(
                        () => api('POST', `/api/admin/users/${user.id}/password`, { password: resetPassword }),
                        t('users.reset'),
                      ).then(() => {
                        setResetFor(undefined);
                        setResetPassword('');
                      });
                    }}
                  >
                    <TextField
                      label={t('users.newPassword')}
                      type="password"
                      autoComplete="new-password"
                      minLength={12}
                      required
                      value={resetPassword}
                      onChange={(e) => setResetPassword(e.target.value)}
                    />
                    <Button variant="default" type="submit">
                      {t('common.save')}
                    </Button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form onSubmit={(event) => void create(event)} className="card" aria-labelledby="create-user-title">
        <h2 id="create-user-title">{t('users.create')}</h2>
        <TextField
          label={t('users.username')}
          name="new-username"
          required
          pattern="[a-z0-9][a-z0-9._\-]*"
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
        />
        <TextField
          label={t('users.displayName')}
          name="new-display-name"
          required
          value={form.displayName}
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
        />
        <TextField
          label={t('users.email')}
          name="new-email"
          type="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
        />
        <SelectField
          label={t('users.locale')}
          value={form.locale}
          onChange={(e) => setForm({ ...form, locale: e.target.value })}
        >
          <option value="ja">{t('language.ja')}</option>
          <option value="en">{t('language.en')}</option>
        </SelectField>
        <TextField
          label={t('users.initialPassword')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
        <div className="field checkbox">
          <input
            id="new-system-admin"
            type="checkbox"
            checked={form.isSystemAdmin}
            onChange={(e) => setForm({ ...form, isSystemAdmin: e.target.checked })}
          />
          <label htmlFor="new-system-admin">{t('users.systemAdmin')}</label>
        </div>
        <Button type="submit">{t('users.create')}</Button>
      </form>
    </>
  );
}
