/** The instructor's hand on a plant: its pace (pause, 1×, 10×, 60×) and faults or attacks injected now or later. */
import { Button, Group } from '@mantine/core';
import { DATASET_EVENTS, SPOOF_MODES, SPOOF_REACHES, type SpoofMode, type SpoofReach } from '@renkei/contracts';
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
  const [magnitude, setMagnitude] = useState('1');
  const [spoofMode, setSpoofMode] = useState<SpoofMode>('replay');
  const [spoofReaches, setSpoofReaches] = useState<SpoofReach>('plc');

  function inject(event: FormEvent) {
    event.preventDefault();
    act('POST', `/api/plants/${view.id}/scenario-events`, {
      kind,
      durationS: Number(durationS),
      startInS: Number(startInS),
      magnitude: Number(magnitude),
      ...(kind === 'sensor_spoofing' ? { spoofMode, spoofReaches } : {}),
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
        <TextField
          label={t('range.magnitude')}
          type="number"
          min="0.25"
          max="2"
          step="0.05"
          value={magnitude}
          onChange={(e) => setMagnitude(e.target.value)}
        />
        {kind === 'sensor_spoofing' && (
          <>
            <SelectField
              label={t('range.spoofMode')}
              value={spoofMode}
              onChange={(e) => setSpoofMode(e.target.value as SpoofMode)}
            >
              {SPOOF_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(`range.spoofMode_${mode}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('range.spoofReaches')}
              value={spoofReaches}
              onChange={(e) => setSpoofReaches(e.target.value as SpoofReach)}
            >
              {SPOOF_REACHES.map((reach) => (
                <option key={reach} value={reach}>
                  {t(`range.spoofReaches_${reach}`)}
                </option>
              ))}
            </SelectField>
          </>
        )}
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
