/** The signed-in layout: skip link, header with navigation and language switch, page outlet. */
import { useTranslation } from 'react-i18next';
import { AccountPage } from '../features/account/account-page.js';
import { UsersPage } from '../features/admin/users-page.js';
import { WorkspacesPage } from '../features/admin/workspaces-page.js';
import { ChangePasswordForm } from '../features/auth/change-password.js';
import { HomePage, SectionPage } from '../features/home/home-page.js';
import { WorkspacePage } from '../features/workspace/workspace-page.js';
import { IncidentPage } from '../features/hub/incident-page.js';
import { QuarantinePage } from '../features/hub/quarantine-page.js';
import { QueuePage } from '../features/hub/queue-page.js';
import { HmiPage } from '../features/range/hmi-page.js';
import { PlantsPage } from '../features/range/plants-page.js';
import { KeysPage } from '../features/hub/keys-page.js';
import { DatasetsPage } from '../features/range/datasets-page.js';
import { LanguageSwitch } from '../components/ui.js';
import { Link, matchPath, useRouter } from './router.js';
import { useSession } from './session.js';

function Page() {
  const { path } = useRouter();
  const { user } = useSession();
  if (path === '/hub') return <SectionPage section="hub" />;
  if (path === '/range') return <SectionPage section="range" />;
  if (path === '/account') return <AccountPage />;
  if (path === '/admin/users' && user?.isSystemAdmin) return <UsersPage />;
  if (path === '/admin/workspaces') return <WorkspacesPage />;
  const queue = matchPath('/workspaces/:id/incidents', path);
  if (queue?.id) return <QueuePage key={queue.id} workspaceId={queue.id} />;
  const quarantine = matchPath('/workspaces/:id/quarantine', path);
  if (quarantine?.id) return <QuarantinePage key={quarantine.id} workspaceId={quarantine.id} />;
  const plants = matchPath('/workspaces/:id/plants', path);
  if (plants?.id) return <PlantsPage key={plants.id} workspaceId={plants.id} />;
  const keys = matchPath('/workspaces/:id/keys', path);
  if (keys?.id) return <KeysPage key={keys.id} workspaceId={keys.id} />;
  const datasets = matchPath('/workspaces/:id/datasets', path);
  if (datasets?.id) return <DatasetsPage key={datasets.id} workspaceId={datasets.id} />;
  const plant = matchPath('/plants/:id', path);
  if (plant?.id) return <HmiPage key={plant.id} plantId={plant.id} />;
  const incident = matchPath('/incidents/:id', path);
  if (incident?.id) return <IncidentPage key={incident.id} incidentId={incident.id} />;
  const workspace = matchPath('/workspaces/:id', path);
  if (workspace?.id) return <WorkspacePage key={workspace.id} workspaceId={workspace.id} />;
  return <HomePage />;
}

export function Shell() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const { navigate } = useRouter();
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
        <button
          type="button"
          onClick={() => {
            void signOut().then(() => navigate('/'));
          }}
        >
          {t('nav.logout')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {user.mustChangePassword ? <ChangePasswordForm isForced /> : <Page />}
      </main>
    </>
  );
}
