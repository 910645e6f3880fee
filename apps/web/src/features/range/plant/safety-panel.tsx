/** The safety instrumented system: each trip's state, its reset, and bypasses with a reason. */
import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/ui.js';
import type { PlantAction, PlantView } from './plant-view.js';

const TRIPS = ['high_level', 'chlorine_overdose', 'low_level', 'low_pressure'] as const;

export function SafetyPanel({ view, act }: { view: PlantView; act: PlantAction }) {
  const { t } = useTranslation();
  const plantId = view.id;
  const [bypassReason, setBypassReason] = useState('');
  return (
    <section aria-labelledby="sis-title" className="card">
      <h2 id="sis-title">{t('range.sis')}</h2>
      <TextField
        label={t('range.bypassReason')}
        value={bypassReason}
        onChange={(e) => setBypassReason(e.target.value)}
      />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('range.trip')}</th>
            <th scope="col">{t('range.state')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {TRIPS.map((trip) => (
            <tr key={trip}>
              <td>
                {t(`range.tripName.${trip}`)} <code>{trip}</code>
              </td>
              <td>
                {view.trips?.[trip] ? <strong className="overdue">{t('range.tripped')}</strong> : t('range.normal')}
                {view.bypassed?.[trip] && <strong className="overdue"> · {t('range.bypassed')}</strong>}
              </td>
              <td className="actions">
                {view.trips?.[trip] && (
                  <Button
                    variant="default"
                    type="button"
                    onClick={() => act('POST', `/api/plants/${plantId}/trips/${trip}/reset`)}
                  >
                    {t('range.resetTrip')}
                  </Button>
                )}
                <Button
                  variant="default"
                  type="button"
                  onClick={() =>
                    act('POST', `/api/plants/${plantId}/trips/${trip}/bypass`, {
                      isBypassed: !view.bypassed?.[trip],
                      reason: bypassReason,
                    })
                  }
                >
                  {view.bypassed?.[trip] ? t('range.removeBypass') : t('range.bypass')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
