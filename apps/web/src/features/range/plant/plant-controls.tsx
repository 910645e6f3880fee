/**
 * Operator controls: every set-point and command Modbus can write (level, chlorine, pressure,
 * chlorine manual mode and output, pump commands), so an operator can see and undo whatever an
 * attacker set; and a reset of the plant.
 */
import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/ui.js';
import type { PlantAction, PlantView } from './plant-view.js';

export function PlantControls({ view, act }: { view: PlantView; act: PlantAction }) {
  const { t } = useTranslation();
  const plantId = view.id;
  const [levelSetpoint, setLevelSetpoint] = useState('');
  const [chlorineSetpoint, setChlorineSetpoint] = useState('');
  const [pressureSetpoint, setPressureSetpoint] = useState('');
  const [manualOutput, setManualOutput] = useState('');
  const isManual = view.setpoints?.['chlorineManual'] === true;

  function writeSetpoints(event: FormEvent) {
    event.preventDefault();
    const changes: Record<string, number> = {};
    if (levelSetpoint) changes['tankLevelM'] = Number(levelSetpoint);
    if (chlorineSetpoint) changes['chlorineMgL'] = Number(chlorineSetpoint);
    if (pressureSetpoint) changes['pressureBar'] = Number(pressureSetpoint);
    if (manualOutput) changes['chlorineManualOutputPct'] = Number(manualOutput);
    act('PATCH', `/api/plants/${plantId}/setpoints`, changes);
  }

  return (
    <section aria-labelledby="controls-title" className="card">
      <h2 id="controls-title">{t('range.controls')}</h2>
      <form className="inline-form" onSubmit={writeSetpoints}>
        <TextField
          label={`${t('range.levelSetpoint')} (${String(view.setpoints?.['tankLevelM'] ?? '')} m)`}
          type="number"
          step="0.1"
          min="0"
          max="6"
          value={levelSetpoint}
          onChange={(e) => setLevelSetpoint(e.target.value)}
        />
        <TextField
          label={`${t('range.chlorineSetpoint')} (${String(view.setpoints?.['chlorineMgL'] ?? '')} mg/L)`}
          type="number"
          step="0.05"
          min="0"
          max="4"
          value={chlorineSetpoint}
          onChange={(e) => setChlorineSetpoint(e.target.value)}
        />
        <TextField
          label={`${t('range.pressureSetpoint')} (${String(view.setpoints?.['pressureBar'] ?? '')} bar)`}
          type="number"
          step="0.1"
          min="0"
          max="8"
          value={pressureSetpoint}
          onChange={(e) => setPressureSetpoint(e.target.value)}
        />
        <TextField
          label={`${t('range.chlorineManualOutput')} (${String(view.setpoints?.['chlorineManualOutputPct'] ?? '')} %)`}
          type="number"
          step="1"
          min="0"
          max="100"
          value={manualOutput}
          onChange={(e) => setManualOutput(e.target.value)}
        />
        <Button variant="default" type="submit">
          {t('common.save')}
        </Button>
      </form>
      <p>
        {t('range.chlorineManual')}: <strong>{isManual ? t('range.manual') : t('range.auto')}</strong>{' '}
        <Button
          variant="default"
          size="xs"
          type="button"
          aria-pressed={isManual}
          onClick={() => act('PATCH', `/api/plants/${plantId}/setpoints`, { chlorineManual: !isManual })}
        >
          {isManual ? t('range.auto') : t('range.manual')}
        </Button>
      </p>
      <div className="actions">
        {(['intakePumpOn', 'distributionPumpOn', 'chlorinePumpOn'] as const).map((key) => (
          <Button
            variant="default"
            key={key}
            type="button"
            aria-pressed={view.setpoints?.[key] === true}
            onClick={() => act('PATCH', `/api/plants/${plantId}/setpoints`, { [key]: view.setpoints?.[key] !== true })}
          >
            {t(`range.${key}`)}: {view.setpoints?.[key] ? 'ON' : 'OFF'}
          </Button>
        ))}
        <Button variant="default" type="button" onClick={() => act('POST', `/api/plants/${plantId}/reset`)}>
          {t('range.resetPlant')}
        </Button>
      </div>
    </section>
  );
}
