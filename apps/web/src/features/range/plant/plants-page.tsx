/** A course's plant instances (trainees see their own), and giving a trainee a plant. */
import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useSession } from '../../../app/session.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, TextField } from '../../../components/ui.js';
import { modbusWhere, type PlantView } from './plant-view.js';

export function PlantsPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const plants = useQuery<PlantView[]>(`/api/workspaces/${workspaceId}/plants`);
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<unknown>();
  const role = user?.memberships.find((m) => m.workspaceId === workspaceId)?.role;
  const canCreate = role === 'admin' || role === 'instructor';

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/workspaces/${workspaceId}/plants`, { name, ...(owner ? { ownerUsername: owner } : {}) });
      setName('');
      setOwner('');
      await plants.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <h1>{t('range.plants')}</h1>
      <p>
        <Link to={`/workspaces/${workspaceId}/datasets`}>{t('range.datasets')}</Link>
      </p>
      <ErrorAlert error={error ?? plants.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('workspaces.name')}</th>
            <th scope="col">Modbus/TCP</th>
            <th scope="col">MQTT</th>
            <th scope="col">{t('range.alarms')}</th>
            <th scope="col">{t('range.trips')}</th>
            <th scope="col">{t('range.label')}</th>
          </tr>
        </thead>
        <tbody>
          {plants.data?.map((plant) => (
            <tr key={plant.id}>
              <td>
                <Link to={`/plants/${plant.id}`}>{plant.name}</Link>
              </td>
              <td>
                <code>{modbusWhere(plant.modbus)}</code>
              </td>
              <td>
                <code>{plant.mqtt.telemetryTopic}</code>
              </td>
              <td>{(plant.alarms ?? []).filter((a) => a.isActive).length}</td>
              <td>
                {Object.entries(plant.trips ?? {})
                  .filter(([, isTripped]) => isTripped)
                  .map(([trip]) => trip)
                  .join(', ') || '—'}
              </td>
              <td>{plant.label ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canCreate && (
        <form className="inline-form card" onSubmit={(event) => void create(event)}>
          <TextField label={t('workspaces.name')} required value={name} onChange={(e) => setName(e.target.value)} />
          <TextField label={t('range.owner')} value={owner} onChange={(e) => setOwner(e.target.value)} />
          <Button type="submit">{t('range.createPlant')}</Button>
        </form>
      )}
    </>
  );
}
