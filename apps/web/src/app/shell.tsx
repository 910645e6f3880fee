/** The signed-in layout: skip link, header with navigation and language switch, the page outlet. */
import { Button } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, ScrollRestoration, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/ui.js';
import { ChangePasswordForm } from '../features/core/auth/change-password.js';
import { LoginPage } from '../features/core/auth/login-page.js';
import { Link } from './router.js';
import { useSession } from './session.js';

function Shell() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  if (!user) return null;
  const canManageSomething =
    user.isSystemAdmin || user.memberships.some((m) => m.role === 'admin' || m.role === 'instructor');
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')}>
          <Link to="/">{t('nav.home')}</Link>
          <Link to="/hub">{t('nav.hub')}</Link>
          <Link to="/range">{t('nav.range')}</Link>
          {user.isSystemAdmin && <Link to="/admin/users">{t('nav.users')}</Link>}
          {canManageSomething && <Link to="/admin/workspaces">{t('nav.workspaces')}</Link>}
          <Link to="/account">{t('nav.account')}</Link>
        </nav>
        <LanguageSwitch />
        <span className="whoami">{user.displayName}</span>
        <Button
          variant="default"
          type="button"
          onClick={() => {
            void signOut().then(() => navigate('/'));
          }}
        >
          {t('nav.logout')}
        </Button>
      </header>
      {/* A new page starts at its top (back and forward return to where the reader was). */}
      <ScrollRestoration />
      <main id="main" tabIndex={-1}>
        {user.mustChangePassword ? (
          <ChangePasswordForm isForced />
        ) : (
          <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </>
  );
}

/** Every page but the public ones: the sign-in form until there is a session, then the shell. */
export function SignedInLayout() {
  const { t } = useTranslation();
  const { user, isLoading } = useSession();
  if (isLoading) return <p className="loading">{t('app.loading')}</p>;
  return user ? <Shell /> : <LoginPage />;
}
