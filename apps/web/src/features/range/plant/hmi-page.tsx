/**
 * The plant HMI: a P&ID-style view with live values (Server-Sent Events, every second), trends, the alarm
 * list with acknowledgement, operator set-points and pump commands, the safety trips, and the
 * historian's exports (synthetic data).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { ErrorAlert, Notice, TextField } from '../../../components/ui.js';
import { TrendChart } from './trend-chart.js';

export interface PlantView {
  id: string;
  workspaceId: string;
  name: string;
  modbus: { host: string; port: number; unitId: number };
  mqtt: { telemetryTopic: string; alarmTopic: string };
  simTimeS?: number;
  tags?: Record<string, number | boolean | string>;
  setpoints?: Record<string, number | boolean>;
  trips?: Record<string, boolean>;
  bypassed?: Record<string, boolean>;
  alarms?: { code: string; priority: string; isActive: boolean; isAcknowledged: boolean }[];
}

const TRIPS = ['high_level', 'chlorine_overdose', 'low_level', 'low_pressure'] as const;

function value(view: PlantView, tag: string, digits = 2): string {
  const v = view.tags?.[tag];
  return typeof v === 'number' ? v.toFixed(digits) : '—';
}

/** P&ID-style drawing: tanks, pumps and lines, with live values beside each instrument. */
function ProcessDiagram({ view }: { view: PlantView }) {
  const { t } = useTranslation();
  const level = Number(view.tags?.['tank_level'] ?? 0);
  const levelHeight = Math.max(0, Math.min(1, level / 6)) * 120;
  const pumpColor = (output: string) => (Number(view.tags?.[output] ?? 0) > 1 ? '#1a7f37' : '#8c959f');
  return (
    <svg viewBox="0 0 900 300" role="img" aria-label={t('range.diagram')} className="pid">
      <title>{t('range.diagram')}</title>
      <line x1="40" y1="200" x2="860" y2="200" stroke="#57606a" strokeWidth="4" />
      <g>
        <circle cx="110" cy="200" r="22" fill={pumpColor('intake_pump_output')} />
        <text x="110" y="250" textAnchor="middle">
          P-101 {t('range.intakePump')}
        </text>
        <text x="110" y="150" textAnchor="middle">
          {value(view, 'intake_flow', 0)} m³/h
        </text>
        <text x="110" y="170" textAnchor="middle">
          {value(view, 'intake_pump_vibration')} mm/s
        </text>
      </g>
      <g>
        <rect x="230" y="170" width="70" height="60" fill="#dbeafe" stroke="#0b5cad" />
        <text x="265" y="250" textAnchor="middle">
          F-101 {t('range.filter')}
        </text>
        <text x="265" y="150" textAnchor="middle">
          ΔP {value(view, 'filter_dp')} bar
        </text>
        <text x="265" y="130" textAnchor="middle">
          {value(view, 'treated_turbidity')} NTU
        </text>
      </g>
      <g>
        <circle cx="380" cy="200" r="16" fill={pumpColor('chlorine_pump_output')} />
        <text x="380" y="250" textAnchor="middle">
          P-103 Cl₂
        </text>
        <text x="380" y="150" textAnchor="middle">
          {value(view, 'chlorine_pump_output', 0)} %
        </text>
      </g>
      <g>
        <rect x="470" y="70" width="140" height="130" fill="#fff" stroke="#0b5cad" strokeWidth="2" />
        <rect x="472" y={198 - levelHeight} width="136" height={levelHeight} fill="#93c5fd" />
        <text x="540" y="250" textAnchor="middle">
          T-101 {t('range.tank')}
        </text>
        <text x="540" y="60" textAnchor="middle">
          {value(view, 'tank_level')} m · {value(view, 'chlorine_residual')} mg/L · pH {value(view, 'ph')}
        </text>
      </g>
      <g>
        <circle cx="700" cy="200" r="22" fill={pumpColor('distribution_pump_output')} />
        <text x="700" y="250" textAnchor="middle">
          P-201 {t('range.distributionPump')}
        </text>
        <text x="700" y="150" textAnchor="middle">
          {value(view, 'pressure')} bar
        </text>
        <text x="700" y="170" textAnchor="middle">
          {value(view, 'distribution_flow', 0)} m³/h
        </text>
      </g>
      <text x="840" y="190" textAnchor="end">
        {t('range.consumers')} →
      </text>
    </svg>
  );
}

export function HmiPage({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<PlantView>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [levelSetpoint, setLevelSetpoint] = useState('');
  const [chlorineSetpoint, setChlorineSetpoint] = useState('');
  const [bypassReason, setBypassReason] = useState('');

  // Live values arrive as Server-Sent Events (one per second); the browser reconnects by itself.
  useEffect(() => {
    const source = new EventSource(`/api/plants/${plantId}/live`);
    source.addEventListener('plant', (event) => setView(JSON.parse((event as MessageEvent<string>).data) as PlantView));
    const explain = () =>
      void api<PlantView>('GET', `/api/plants/${plantId}`)
        .then(setView)
        .catch((caught: unknown) => setError(caught));
    source.addEventListener('gone', () => {
      source.close();
      explain();
    });
    source.onerror = () => {
      // Refused for good (e.g. 404): show why. A dropped connection is retried by EventSource.
      if (source.readyState === EventSource.CLOSED) explain();
    };
    return () => source.close();
  }, [plantId]);

  async function act(method: 'POST' | 'PATCH', url: string, body?: unknown) {
    setError(undefined);
    setMessage('');
    try {
      setView(await api<PlantView>(method, url, body));
      setMessage(t('common.saved'));
    } catch (caught) {
      setError(caught);
    }
  }

  function writeSetpoints(event: FormEvent) {
    event.preventDefault();
    const changes: Record<string, number> = {};
    if (levelSetpoint) changes['tankLevelM'] = Number(levelSetpoint);
    if (chlorineSetpoint) changes['chlorineMgL'] = Number(chlorineSetpoint);
    void act('PATCH', `/api/plants/${plantId}/setpoints`, changes);
  }

  if (!view) return <ErrorAlert error={error} />;
  return (
    <>
      <p>
        <Link to={`/workspaces/${view.workspaceId}/plants`}>← {t('range.plants')}</Link>
      </p>
      <h1>
        {view.name} <small>({t('range.synthetic')})</small>
      </h1>
      <p>
        Modbus/TCP <code>{`${view.modbus.host}:${view.modbus.port}`}</code> · MQTT{' '}
        <code>{view.mqtt.telemetryTopic}</code> · {t('range.simTime')} {view.simTimeS ?? 0} s
      </p>
      <ProcessDiagram view={view} />
      <p>
        <a href={`/api/plants/${plantId}/history.csv?everyS=10`} download>
          {t('range.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={`/api/plants/${plantId}/history.xlsx?everyS=60`} download>
          {t('range.exportXlsx')}
        </a>
      </p>
      <TrendChart plantId={plantId} />
      <ErrorAlert error={error} />
      {message && <Notice>{message}</Notice>}

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
                      <button
                        type="button"
                        onClick={() => void act('POST', `/api/plants/${plantId}/alarms/${alarm.code}/acknowledge`)}
                      >
                        {t('range.acknowledge')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

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
          <button type="submit">{t('common.save')}</button>
        </form>
        <div className="actions">
          {(['intakePumpOn', 'distributionPumpOn', 'chlorinePumpOn'] as const).map((key) => (
            <button
              key={key}
              type="button"
              aria-pressed={view.setpoints?.[key] === true}
              onClick={() =>
                void act('PATCH', `/api/plants/${plantId}/setpoints`, { [key]: view.setpoints?.[key] !== true })
              }
            >
              {t(`range.${key}`)}: {view.setpoints?.[key] ? 'ON' : 'OFF'}
            </button>
          ))}
          <button type="button" onClick={() => void act('POST', `/api/plants/${plantId}/reset`)}>
            {t('range.resetPlant')}
          </button>
        </div>
      </section>

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
                  <code>{trip}</code>
                </td>
                <td>
                  {view.trips?.[trip] ? <strong className="overdue">{t('range.tripped')}</strong> : t('range.normal')}
                  {view.bypassed?.[trip] && <strong className="overdue"> · {t('range.bypassed')}</strong>}
                </td>
                <td className="actions">
                  {view.trips?.[trip] && (
                    <button
                      type="button"
                      onClick={() => void act('POST', `/api/plants/${plantId}/trips/${trip}/reset`)}
                    >
                      {t('range.resetTrip')}
                    </button>
                  )}
                  <button
                    type="button"
                    onClick={() =>
                      void act('POST', `/api/plants/${plantId}/trips/${trip}/bypass`, {
                        isBypassed: !view.bypassed?.[trip],
                        reason: bypassReason,
                      })
                    }
                  >
                    {view.bypassed?.[trip] ? t('range.removeBypass') : t('range.bypass')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
