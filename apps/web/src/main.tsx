import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import './i18n/index.js';
import './styles.css';
import { Router } from './app/router.js';
import { SessionProvider, useSession } from './app/session.js';
import { Shell } from './app/shell.js';
import { LoginPage } from './features/auth/login-page.js';
import { PublicReportPage } from './features/hub/public-report-page.js';
import { useRouter } from './app/router.js';

function App() {
  const { t } = useTranslation();
  const { user, isLoading } = useSession();
  const { path } = useRouter();
  // The public report form needs no sign-in.
  if (path === '/report') return <PublicReportPage />;
  if (isLoading) return <p className="loading">{t('app.loading')}</p>;
  return user ? <Shell /> : <LoginPage />;
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Router>
        <SessionProvider>
          <App />
        </SessionProvider>
      </Router>
    </StrictMode>,
  );
}
