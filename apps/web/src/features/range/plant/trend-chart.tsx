/**
 * Trends on the HMI (uPlot): the last minutes of the historian for a group of tags, refreshed
 * every few seconds. The latest values are also given as text for screen readers.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from '../../../app/api.js';
import { SelectField } from '../../../components/ui.js';

const GROUPS = {
  levels: { tags: ['tank_level', 'pressure'], colors: ['#0969da', '#8250df'] },
  quality: { tags: ['chlorine_residual', 'treated_turbidity', 'ph'], colors: ['#1a7f37', '#bf8700', '#cf222e'] },
  flows: { tags: ['intake_flow', 'distribution_flow'], colors: ['#0969da', '#1a7f37'] },
  pump: {
    tags: ['intake_pump_vibration', 'intake_pump_current', 'intake_pump_temperature'],
    colors: ['#cf222e', '#0969da', '#bf8700'],
  },
} as const;
type Group = keyof typeof GROUPS;

interface History {
  columns: string[];
  rows: (number | boolean | string | null)[][];
}

export function TrendChart({ plantId, windowS = 600 }: { plantId: string; windowS?: number }) {
  const { t } = useTranslation();
  const [group, setGroup] = useState<Group>('levels');
  const [latest, setLatest] = useState<string>('');
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>(undefined);

  useEffect(() => {
    const { tags, colors } = GROUPS[group];
    const element = container.current;
    if (!element) return;
    chart.current = new uPlot(
      {
        width: Math.min(900, element.clientWidth || 900),
        height: 240,
        scales: { x: { time: false } },
        // The legend names the series; values at the cursor would show "--" until one hovers.
        legend: { live: false },
        axes: [{ label: t('range.simSeconds') }, {}],
        series: [
          { label: 's' },
          ...tags.map((tag, index) => ({ label: t(`range.tag_${tag}`), stroke: colors[index], width: 2 })),
        ],
      },
      [[], ...tags.map(() => [])],
      element,
    );
    let isActive = true;
    const load = async () => {
      try {
        const view = await api<{ simTimeS?: number }>('GET', `/api/plants/${plantId}`);
        const from = Math.max(0, (view.simTimeS ?? 0) - windowS);
        const history = await api<History>('GET', `/api/plants/${plantId}/history?fromS=${from}&everyS=2`);
        if (!isActive) return;
        const columnOf = (name: string) => history.columns.indexOf(name);
        const data = [
          history.rows.map((row) => Number(row[0])),
          ...tags.map((tag) => history.rows.map((row) => row[columnOf(tag)] as number | null)),
        ];
        chart.current?.setData(data as uPlot.AlignedData);
        const last = history.rows.at(-1);
        if (last)
          setLatest(tags.map((tag) => `${t(`range.tag_${tag}`)} ${String(last[columnOf(tag)] ?? '—')}`).join(', '));
      } catch {
        // The live view above shows connection errors; the trend simply pauses.
      }
    };
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => {
      isActive = false;
      clearInterval(timer);
      chart.current?.destroy();
      chart.current = undefined;
    };
  }, [plantId, group, windowS, t]);

  return (
    <section aria-labelledby="trends-title" className="card">
      <h2 id="trends-title">{t('range.trends')}</h2>
      <SelectField label={t('range.trendGroup')} value={group} onChange={(e) => setGroup(e.target.value as Group)}>
        {(Object.keys(GROUPS) as Group[]).map((key) => (
          <option key={key} value={key}>
            {t(`range.group_${key}`)}
          </option>
        ))}
      </SelectField>
      <div ref={container} role="img" aria-label={`${t('range.trends')}: ${latest}`} className="trend" />
      <p className="hint" aria-live="polite">
        {latest}
      </p>
    </section>
  );
}
