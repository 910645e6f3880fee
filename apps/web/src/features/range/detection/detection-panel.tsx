/**
 * Anomaly detection beside the HMI: the plant's detector (trained on a window of its history and
 * on rows someone contributes — the poisoning surface — with the validation defence as a
 * switch), its live score against the threshold as a chart, the alert state, and the intake
 * pump's health. Refreshed every few seconds.
 */
import { Button } from '@mantine/core';
import type { DetectionDto, PumpHealthDto } from '@renkei/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from '../../../app/api.js';
import { ErrorAlert, SelectField } from '../../../components/ui.js';
import { PairedBarChart } from '../paired-bar-chart.js';

/** POST /api/plants/{id}/detector/evasion: attack success without and with hardened detection. */
interface EvasionMeasurement {
  cases: { id: string; baseline: { successRate: number }; hardened: { successRate: number } }[];
  falseAlertsPerHour: { baseline: number; hardened: number };
}

/** A numeric CSV with a header row (the tags), as a contractor would hand it in. */
function parseCsv(text: string): { columns: string[]; rows: number[][] } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const columns = (lines[0] ?? '').split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
  return { columns, rows: lines.slice(1).map((line) => line.split(',').map(Number)) };
}

export function DetectionPanel({ plantId, simTimeS }: { plantId: string; simTimeS: number }) {
  const { t } = useTranslation();
  const [detection, setDetection] = useState<DetectionDto>();
  const [health, setHealth] = useState<PumpHealthDto | null>(null);
  const [windowS, setWindowS] = useState('1800');
  const [validate, setValidate] = useState(false);
  const [hardened, setHardened] = useState(false);
  const [contributed, setContributed] = useState<{ columns: string[]; rows: number[][] }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [evasion, setEvasion] = useState<EvasionMeasurement>();
  const [measuring, setMeasuring] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>(undefined);

  useEffect(() => {
    let isActive = true;
    const load = async () => {
      try {
        const [next, pump] = await Promise.all([
          api<DetectionDto>('GET', `/api/plants/${plantId}/detection`),
          api<PumpHealthDto | null>('GET', `/api/plants/${plantId}/pump-health`),
        ]);
        if (!isActive) return;
        setDetection(next);
        setHealth(pump);
      } catch {
        // The live view shows connection errors; this panel simply pauses.
      }
    };
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [plantId]);

  useEffect(() => {
    const element = container.current;
    if (!element || !detection?.detector) return;
    chart.current ??= new uPlot(
      {
        width: Math.min(900, element.clientWidth || 900),
        height: 180,
        scales: { x: { time: false } },
        legend: { live: false },
        axes: [{ label: t('range.simSeconds') }, {}],
        series: [
          { label: 's' },
          { label: t('detection.score'), stroke: '#0969da', width: 2 },
          { label: t('detection.threshold'), stroke: '#cf222e', width: 1, dash: [6, 4] },
        ],
      },
      [[], [], []],
      element,
    );
    const threshold = detection.detector.threshold;
    chart.current.setData([
      detection.recent.map(([second]) => second),
      detection.recent.map(([, score]) => score),
      detection.recent.map(() => threshold),
    ]);
  }, [detection, t]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = undefined;
    },
    [],
  );

  async function train(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await api('POST', `/api/plants/${plantId}/detector`, {
        fromS: windowS === 'all' ? 0 : Math.max(0, Math.floor(simTimeS) - Number(windowS)),
        validate,
        hardened,
        ...(contributed ? { contributed } : {}),
      });
      setDetection(await api<DetectionDto>('GET', `/api/plants/${plantId}/detection`));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function measureEvasion() {
    setError(undefined);
    setMeasuring(true);
    try {
      setEvasion(await api<EvasionMeasurement>('POST', `/api/plants/${plantId}/detector/evasion`, { repeats: 3 }));
    } catch (caught) {
      setError(caught);
    } finally {
      setMeasuring(false);
    }
  }

  const detector = detection?.detector;
  return (
    <section aria-labelledby="detection-title" className="card">
      <h2 id="detection-title">{t('detection.title')}</h2>
      {detector ? (
        <p aria-live="polite">
          <strong>{detection.alerting ? t('detection.alerting') : t('detection.quiet')}</strong> ·{' '}
          {t('detection.score')} {detection.score?.toFixed(2) ?? '—'} / {t('detection.threshold')}{' '}
          {detector.threshold.toFixed(2)} · {t('detection.trained', { rows: detector.trainingRows })}
          {detector.rejectedRows > 0 && ` · ${t('detection.rejected', { rows: detector.rejectedRows })}`}
          {detector.training.validate && ` · ${t('detection.validated')}`}
          {detector.training.hardened && ` · ${t('detection.hardenedOn')}`}
        </p>
      ) : (
        <p>{t('detection.none')}</p>
      )}
      <div
        ref={container}
        role="img"
        aria-label={t('detection.chart', { score: detection?.score?.toFixed(2) ?? '—' })}
        className="trend"
      />
      <form className="inline-form" onSubmit={(event) => void train(event)}>
        <SelectField label={t('detection.window')} value={windowS} onChange={(e) => setWindowS(e.target.value)}>
          <option value="600">{t('detection.last', { minutes: 10 })}</option>
          <option value="1800">{t('detection.last', { minutes: 30 })}</option>
          <option value="all">{t('detection.wholeRun')}</option>
        </SelectField>
        <label>
          {t('detection.contributed')}{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return setContributed(undefined);
              void file.text().then((text) => setContributed(parseCsv(text)));
            }}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={validate} onChange={(e) => setValidate(e.target.checked)} />{' '}
          {t('detection.validate')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={hardened} onChange={(e) => setHardened(e.target.checked)} />{' '}
          {t('detection.hardened')}
        </label>
        <Button type="submit" loading={busy}>
          {t('detection.train')}
        </Button>
      </form>
      <ErrorAlert error={error} />
      <h3>{t('detection.evasionTitle')}</h3>
      <p>{t('detection.evasionHelp')}</p>
      <Button variant="default" loading={measuring} onClick={() => void measureEvasion()}>
        {t('detection.measureEvasion')}
      </Button>
      {evasion && (
        <>
          <PairedBarChart
            title={t('detection.evasionChart')}
            rows={evasion.cases.map((row) => ({
              key: row.id,
              label: t(`detection.evasion_${row.id.replace(/-/g, '_')}`),
              before: row.baseline.successRate,
              after: row.hardened.successRate,
            }))}
          />
          <p>
            {t('detection.falseAlerts', {
              baseline: evasion.falseAlertsPerHour.baseline,
              hardened: evasion.falseAlertsPerHour.hardened,
            })}
          </p>
        </>
      )}
      {health && (
        <p>
          {t('detection.pump', {
            status: t(`detection.status_${health.status}`),
            vibration: health.vibrationMmS.toFixed(2),
            trend: health.vibrationTrendPerHour.toFixed(2),
            temperature: health.motorTemperatureC.toFixed(1),
          })}
          {health.hoursToLimit !== null &&
            ` · ${t('detection.hoursToLimit', { hours: health.hoursToLimit.toFixed(1), sign: t(`detection.sign_${health.limitingSign ?? 'vibration'}`) })}`}
        </p>
      )}
    </section>
  );
}
