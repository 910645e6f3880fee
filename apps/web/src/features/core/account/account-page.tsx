import { Button } from '@mantine/core';
import { TOKEN_SCOPES, type ApiTokenDto, type TokenScope } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useSession } from '../../../app/session.js';
import { useQuery } from '../../../app/use-query.js';
import { ConfirmPasswordField, ErrorAlert, Notice, TextField } from '../../../components/ui.js';
import { ChangePasswordForm } from '../auth/change-password.js';

function ApiTokens() {
  const { t } = useTranslation();
  const { user } = useSession();
  const tokens = useQuery<ApiTokenDto[]>('/api/tokens');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const token = await api<ApiTokenDto & { token: string }>('POST', '/api/tokens', { name, scopes, password });
      setCreated(token.token);
      setName('');
      setPassword('');
      await tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function revoke(id: string) {
    try {
      await api('DELETE', `/api/tokens/${id}`);
      await tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const availableScopes = TOKEN_SCOPES.filter((scope) => scope !== 'admin' || user?.isSystemAdmin);
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('account.tokens')}</h2>
      <ErrorAlert error={error ?? tokens.error} />
      {created && (
        <Notice>
          {t('account.tokenOnce')} <code data-testid="new-token">{created}</code>
        </Notice>
      )}
      {tokens.data?.length === 0 && <p>{t('account.noTokens')}</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('account.tokenName')}</th>
              <th scope="col">{t('account.prefix')}</th>
              <th scope="col">{t('account.scopes')}</th>
              <th scope="col">{t('account.lastUsed')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{token.scopes.map((scope) => t(`account.scope_${scope}`)).join(', ')}</td>
                <td>{token.lastUsedAt ?? t('account.never')}</td>
                <td>
                  {token.revokedAt ? (
                    t('account.revoked')
                  ) : (
                    <Button variant="default" type="button" onClick={() => void revoke(token.id)}>
                      {t('account.revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void create(event)} className="inline-form">
        <TextField label={t('account.tokenName')} required value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset>
          <legend>{t('account.scopes')}</legend>
          {availableScopes.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
              />
              {t(`account.scope_${scope}`)}
            </label>
          ))}
        </fieldset>
        <ConfirmPasswordField label={t('account.confirmPassword')} value={password} onChange={setPassword} />
        <Button type="submit" disabled={scopes.length === 0}>
          {t('account.createToken')}
        </Button>
      </form>
    </section>
  );
}

function TwoFactor() {
  const { t } = useTranslation();
  const { user, refresh } = useSession();
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string }>();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');

  async function run(action: () => Promise<unknown>, success?: string) {
    setError(undefined);
    try {
      await action();
      if (success) setMessage(success);
      await refresh();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="totp-title">
      <h2 id="totp-title">{t('account.totpTitle')}</h2>
      <p>{user?.hasTotp ? t('account.totpOn') : t('account.totpOff')}</p>
      <ErrorAlert error={error} />
      {message && <Notice>{message}</Notice>}
      {!user?.hasTotp && !setup && (
        <Button
          variant="default"
          type="button"
          onClick={() => void run(async () => setSetup(await api('POST', '/api/auth/totp/setup')))}
        >
          {t('account.totpStart')}
        </Button>
      )}
      {(setup || user?.hasTotp) && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const isEnabling = !user?.hasTotp;
            void run(
              () => api('POST', isEnabling ? '/api/auth/totp/enable' : '/api/auth/totp/disable', { code, password }),
              isEnabling ? t('account.totpEnabled') : t('account.totpDisabled'),
            ).then(() => {
              setSetup(undefined);
              setCode('');
              setPassword('');
            });
          }}
        >
          {setup && !user?.hasTotp && (
            <p>
              {t('account.totpSecret')}: <code data-testid="totp-secret">{setup.secret}</code>
            </p>
          )}
          <TextField
            label={t('login.totp')}
            inputMode="numeric"
            pattern="\d{6}"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <ConfirmPasswordField label={t('account.confirmPassword')} value={password} onChange={setPassword} />
          <Button variant="default" type="submit">
            {user?.hasTotp ? t('account.disable') : t('account.enable')}
          </Button>
        </form>
      )}
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('account.title')}</h1>
      <ChangePasswordForm />
      <TwoFactor />
      <ApiTokens />
    </>
  );
}
