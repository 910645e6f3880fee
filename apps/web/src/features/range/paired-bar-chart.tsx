/**
 * Paired bars per row, 0–100 %: before (grey) and after (blue) — how a defence's effect on attack
 * success is compared (the assistant's defences, hardened detection).
 */
export interface PairedBarRow {
  key: string;
  label: string;
  before: number;
  after: number;
}

export function PairedBarChart({ rows, title }: { rows: readonly PairedBarRow[]; title: string }) {
  const rowHeight = 34;
  const width = 560;
  const labelWidth = 220;
  const barWidth = width - labelWidth - 50;
  return (
    <svg role="img" aria-label={title} width={width} height={rows.length * rowHeight + 10}>
      <title>{title}</title>
      {rows.map((row, index) => {
        const y = index * rowHeight + 4;
        return (
          <g key={row.key}>
            <text x={0} y={y + 18} fontSize={12}>
              {row.label}
            </text>
            <rect x={labelWidth} y={y} width={barWidth * row.before} height={12} fill="#adb5bd" />
            <text x={labelWidth + barWidth * row.before + 4} y={y + 10} fontSize={10}>
              {Math.round(row.before * 100)}%
            </text>
            <rect x={labelWidth} y={y + 14} width={barWidth * row.after} height={12} fill="#1c7ed6" />
            <text x={labelWidth + barWidth * row.after + 4} y={y + 24} fontSize={10}>
              {Math.round(row.after * 100)}%
            </text>
          </g>
        );
      })}
    </svg>
  );
}
