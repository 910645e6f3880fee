/**
 * The lab's default defences (course staff): every plant of the course that has not switched its
 * own follows these switches.
 */
import { useTranslation } from 'react-i18next';
import { DefenceSwitches } from './defence-switches.js';

export function LabDefences({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="lab-defences-title">
      <h2 id="lab-defences-title">{t('assistant.labDefences')}</h2>
      <p>{t('assistant.labDefencesHelp')}</p>
      <DefenceSwitches url={`/api/workspaces/${workspaceId}/assistant/defences`} />
    </section>
  );
}
