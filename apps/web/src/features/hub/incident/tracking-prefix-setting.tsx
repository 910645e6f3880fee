/** The workspace's tracking-number prefix (RK-2026-000123), for those who manage the workspace. */
import { Button, Group } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, TextField } from '../../../components/ui.js';

export function TrackingPrefixSetting({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const current = useQuery<{ prefix: string }>(`/api/workspaces/${workspaceId}/tracking-prefix`);
  const [prefix, setPrefix] = useState('');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data) setPrefix(current.data.prefix);
  }, [current.data]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await api('PUT', `/api/workspaces/${workspaceId}/tracking-prefix`, { prefix });
      setSaved(true);
      await current.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="inline-form" onSubmit={(event) => void save(event)}>
      <Group align="end">
        <TextField
          label={t('hub.trackingPrefix')}
          hint={t('hub.trackingPrefixHint')}
          value={prefix}
          pattern="[A-Z][A-Z0-9]{1,9}"
          required
          onChange={(event) => setPrefix(event.target.value.toUpperCase())}
        />
        <Button type="submit" variant="default">
          {t('hub.save')}
        </Button>
      </Group>
      <ErrorAlert error={error ?? current.error} />
      {saved && <Notice>{t('hub.trackingPrefixSaved')}</Notice>}
    </form>
  );
}
