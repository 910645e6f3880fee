/** The plant's alarms with their state and acknowledgement. */
import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlantAction, PlantView } from './plant-view.js';

export function AlarmList({ view, act }: { view: PlantView; act: PlantAction }) {
  const { t } = useTranslation();
  const plantId = view.id;
  return (
    <section aria-labelledby="alarms-title">
      <h2 id="alarms-title">{t('range.alarms')}</h2>
      {(view.alarms ?? []).length === 0 ? (
        <p>{t('range.noAlarms')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('range.priority')}</th>
              <th scope="col">{t('range.alarm')}</th>
              <th scope="col">{t('range.state')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(view.alarms ?? []).map((alarm) => (
              <tr key={alarm.code} className={`alarm-${alarm.priority}`}>
                <td>{alarm.priority}</td>
                <td>
                  <code>{alarm.code}</code>
                </td>
                <td>{alarm.isActive ? t('range.active') : t('range.cleared')}</td>
                <td>
                  {!alarm.isAcknowledged && (
                    <Button
                      variant="default"
                      type="button"
                      onClick={() => act('POST', `/api/plants/${plantId}/alarms/${alarm.code}/acknowledge`)}
                    >
                      {t('range.acknowledge')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
