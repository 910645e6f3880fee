/**
 * The lab's default defences (course staff): every plant of the course that has not switched its
 * own follows these switches.
 */
import { Switch } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert } from '../../../components/ui.js';
import { DEFENCES, type Defences } from './defence-lab.js';

export function LabDefences({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const url = `/api/workspaces/${workspaceId}/assistant/defences`;
  const defences = useQuery<Defences>(url);
  const [error, setError] = useState<unknown>();

  async function toggle(defence: (typeof DEFENCES)[number], on: boolean) {
    if (!defences.data) return;
    setError(undefined);
    try {
      await api('PUT', url, { ...defences.data, [defence]: on });
      await defences.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="lab-defences-title">
      <h2 id="lab-defences-title">{t('assistant.labDefences')}</h2>
      <p>{t('assistant.labDefencesHelp')}</p>
      <ErrorAlert error={error ?? defences.error} />
      {DEFENCES.map((defence) => (
        <Switch
          key={defence}
          label={t(`assistant.defence_${defence}`)}
          checked={defences.data?.[defence] ?? false}
          onChange={(event) => void toggle(defence, event.currentTarget.checked)}
          mb={4}
        />
      ))}
    </section>
  );
}
