/** P&ID-style drawing of the plant: tanks, pumps and lines, with live values beside each instrument. */
import { useTranslation } from 'react-i18next';
import type { PlantView } from './plant-view.js';

function value(view: PlantView, tag: string, digits = 2): string {
  const v = view.tags?.[tag];
  return typeof v === 'number' ? v.toFixed(digits) : '—';
}

export function ProcessDiagram({ view }: { view: PlantView }) {
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
