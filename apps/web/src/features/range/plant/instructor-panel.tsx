/** The instructor's hand on a plant: its pace (pause, 1×, 10×, 60×) and faults or attacks injected now or later. */
import { Button, Group } from '@mantine/core';
import { DATASET_EVENTS } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/ui.js';
import type { PlantAction, PlantView } from './plant-view.js';

// The same event kinds as the data sets (the server injects those).
const EVENT_KINDS = DATASET_EVENTS;

export function InstructorPanel({ view, act }: { view: PlantView; act: PlantAction }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<(typeof EVENT_KINDS)[number]>('sensor_spoofing');
  const [durationS, setDurationS] = useState('600');
  const [startInS, setStartInS] = useState('0');

  function inject(event: FormEvent) {
    event.preventDefault();
    act('POST', `/api/plants/${view.id}/scenario-events`, {
      kind,
      durationS: Number(durationS),
      startInS: Number(startInS),
    });
  }

  return (
    <section aria-labelledby="instructor-title" className="card">
      <h2 id="instructor-title">{t('range.instructor')}</h2>
      <Group role="group" aria-label={t('range.speed')}>
        {[0, 1, 10, 60].map((speed) => (
          <Button
            key={speed}
            variant={view.speed === speed ? 'filled' : 'default'}
            aria-pressed={view.speed === speed}
            onClick={() => act('PUT', `/api/plants/${view.id}/clock`, { speed })}
          >
            {speed === 0 ? t('range.pause') : `${speed}×`}
          </Button>
        ))}
      </Group>
      <form className="inline-form" onSubmit={inject}>
        <SelectField
          label={t('range.injectKind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as (typeof EVENT_KINDS)[number])}
        >
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`range.event_${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('range.durationS')}
          type="number"
          min="10"
          value={durationS}
          onChange={(e) => setDurationS(e.target.value)}
        />
        <TextField
          label={t('range.startInS')}
          type="number"
          min="0"
          value={startInS}
          onChange={(e) => setStartInS(e.target.value)}
        />
        <Button type="submit">{t('range.inject')}</Button>
      </form>
      {(view.scenario?.length ?? 0) > 0 && (
        <table>
          <caption>{t('range.scenario')}</caption>
          <tbody>
            {view.scenario?.map((event) => (
              <tr key={event.id}>
                <td>{t(`range.event_${event.kind}`)}</td>
                <td>
                  {Math.round(event.startS)}–{Math.round(event.endS)} s
                </td>
                <td>{t(`range.scenario_${event.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
