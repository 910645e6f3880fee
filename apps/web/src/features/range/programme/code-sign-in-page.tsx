/**
 * Sign-in with a one-time code (trainees): opened from the QR code the staff hand out (the code
 * is in the address's fragment and sent at once) or typed in. On success the session starts and
 * the app opens.
 */
import { Button } from '@mantine/core';
import type { SessionResponse } from '@renkei/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, setCsrfToken } from '../../../app/api.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, TextField } from '../../../components/ui.js';

export function CodeSignInPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [error, setError] = useState<unknown>();
  const tried = useRef(false);
  async function submit(value: string) {
    setError(undefined);
    try {
      const session = await api<SessionResponse>('POST', '/api/public/sign-in-code', { code: value });
      setCsrfToken(session.csrfToken);
      // The code is spent: it leaves the address bar and the history.
      window.history.replaceState(null, '', window.location.pathname);
      await refresh();
      void navigate('/');
    } catch (caught) {
      setError(caught);
    }
  }
  useEffect(() => {
    if (code && !tried.current) {
      tried.current = true;
      void submit(code);
    }
    // Only once, for the code the address brought.
  }, []);
  return (
    <main className="narrow">
      <h1>{t('programme.codeSignIn')}</h1>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void submit(code);
        }}
      >
        <TextField
          label={t('programme.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          required
        />
        <ErrorAlert error={error} />
        <Button type="submit">{t('programme.submit')}</Button>
      </form>
    </main>
  );
}
