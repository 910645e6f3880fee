/**
 * The assistant's defence switches, bound to one endpoint: a plant's own
 * (`/api/plants/{id}/assistant/defences`) or its lab's (`/api/workspaces/{id}/assistant/defences`).
 */
import { Switch } from '@mantine/core';
import { DEFENCES, type Defence, type DefenceSettings } from '@renkei/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert } from '../../../components/ui.js';

export function DefenceSwitches({ url }: { url: string }) {
  const { t } = useTranslation();
  const defences = useQuery<DefenceSettings>(url);
  const [error, setError] = useState<unknown>();

  async function toggle(defence: Defence, on: boolean) {
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
    <>
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
    </>
  );
}
