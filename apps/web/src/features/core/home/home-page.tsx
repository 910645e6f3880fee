import type { MembershipDto, WorkspaceKind } from '@renkei/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from '../../../app/router.js';
import { useSession } from '../../../app/session.js';
import { TlpBadge } from '../../../components/ui.js';
import { Worklist } from '../../hub/incident/worklist.js';

function WorkspaceTable({ memberships }: { memberships: MembershipDto[] }) {
  const { t } = useTranslation();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('workspaces.name')}</th>
          <th scope="col">{t('home.kind')}</th>
          <th scope="col">{t('home.role')}</th>
          <th scope="col">{t('home.clearance')}</th>
        </tr>
      </thead>
      <tbody>
        {memberships.map((m) => (
          <tr key={m.workspaceId}>
            <td>
              <Link to={`/workspaces/${m.workspaceId}`}>{m.workspaceName}</Link>
            </td>
            <td>{t(`workspaceKind.${m.workspaceKind}`)}</td>
            <td>{t(`role.${m.role}`)}</td>
            <td>
              <TlpBadge tlp={m.clearance} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  return (
    <>
      <h1>{t('home.welcome', { name: user.displayName })}</h1>
      {/* A handler's day starts from the worklist of each Hub operations workspace. */}
      {user.memberships
        .filter((m) => m.workspaceKind === 'hub_operations')
        .map((m) => (
          <Worklist key={m.workspaceId} membership={m} />
        ))}
      <h2>{t('home.yourWorkspaces')}</h2>
      {user.memberships.length === 0 ? <p>{t('home.none')}</p> : <WorkspaceTable memberships={user.memberships} />}
    </>
  );
}

const SECTION_KINDS: Record<'hub' | 'range', WorkspaceKind[]> = {
  hub: ['hub_operations', 'hub_training'],
  range: ['range_course'],
};

/** The Hub and Range sections: the user's workspaces of that half of Renkei. */
export function SectionPage({ section }: { section: 'hub' | 'range' }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const memberships = (user?.memberships ?? []).filter((m) => SECTION_KINDS[section].includes(m.workspaceKind));
  return (
    <>
      <h1>{t(section === 'hub' ? 'nav.hub' : 'nav.range')}</h1>
      <p>{t(section === 'hub' ? 'section.hubIntro' : 'section.rangeIntro')}</p>
      {memberships.length === 0 ? <p>{t('section.empty')}</p> : <WorkspaceTable memberships={memberships} />}
    </>
  );
}
