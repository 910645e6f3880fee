import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../app/api.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, LanguageSwitch, TextField } from '../../../components/ui.js';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIsBusy(true);
    setError(undefined);
    try {
      await signIn(username, password, needsTotp ? totpCode : undefined);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'AUTH_TOTP_REQUIRED') setNeedsTotp(true);
      else setError(caught);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <div className="login-card">
        <LanguageSwitch />
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <h2>{t('login.title')}</h2>
        <form onSubmit={(event) => void submit(event)}>
          <TextField
            label={t('login.username')}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {needsTotp && (
            <TextField
              label={t('login.totp')}
              hint={t('login.totpHint')}
              name="totp"
              inputMode="numeric"
              pattern="\d{6}"
              autoComplete="one-time-code"
              required
              autoFocus
              value={totpCode}
              onChange={(e) => setTotpCode(e.target.value)}
            />
          )}
          <ErrorAlert error={error} />
          <Button type="submit" disabled={isBusy}>
            {isBusy ? t('login.submitting') : t('login.submit')}
          </Button>
        </form>
      </div>
    </main>
  );
}
