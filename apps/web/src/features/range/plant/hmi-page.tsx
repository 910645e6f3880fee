/**
 * The plant HMI: a P&ID-style view with live values (Server-Sent Events, every second), trends, the alarm
 * list with acknowledgement, operator set-points and pump commands, the safety trips, and the
 * historian's exports (synthetic data).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, Notice } from '../../../components/ui.js';
import { AlarmList } from './alarm-list.js';
import { PlantControls } from './plant-controls.js';
import { ProcessDiagram } from './process-diagram.js';
import { SafetyPanel } from './safety-panel.js';
import { TrendChart } from './trend-chart.js';
import { AssistantChat } from '../assistant/assistant-chat.js';
import { DefenceLab } from '../assistant/defence-lab.js';
import { DetectionPanel } from '../detection/detection-panel.js';
import { InstructorPanel } from './instructor-panel.js';
import { PlantNotes } from './plant-notes.js';
import { isCourseStaff, modbusWhere, type PlantView } from './plant-view.js';

export function HmiPage({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<PlantView>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');

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

  const { user } = useSession();
  const role = user?.memberships.find((m) => m.workspaceId === view?.workspaceId)?.role;

  async function send(method: 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) {
    setError(undefined);
    setMessage('');
    try {
      setView(await api<PlantView>(method, url, body));
      setMessage(t('common.saved'));
    } catch (caught) {
      setError(caught);
    }
  }

  const act = (method: 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) => void send(method, url, body);

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
        Modbus/TCP <code>{modbusWhere(view.modbus)}</code> · MQTT <code>{view.mqtt.telemetryTopic}</code> ·{' '}
        {t('range.simTime')} {view.simTimeS ?? 0} s · {t('range.run')} {view.run ?? 1} · {t('range.speed')}{' '}
        {view.speed === 0 ? t('range.paused') : `${view.speed ?? 1}×`} · {t('range.label')}{' '}
        <strong>{view.label ?? 'normal'}</strong>
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
      <DetectionPanel plantId={plantId} simTimeS={view.simTimeS ?? 0} />
      <ErrorAlert error={error} />
      {message && <Notice>{message}</Notice>}

      <AlarmList view={view} act={act} />
      <PlantControls view={view} act={act} />
      <SafetyPanel view={view} act={act} />
      <AssistantChat plantId={plantId} />
      <DefenceLab plantId={plantId} />
      <PlantNotes plantId={plantId} canWrite={role !== undefined && role !== 'partner' && role !== 'vendor'} />
      {isCourseStaff(role) && <InstructorPanel view={view} act={act} />}
    </>
  );
}
