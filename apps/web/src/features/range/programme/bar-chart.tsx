/**
 * A horizontal bar chart: one bar per option with its label and value, drawn with CSS widths so
 * that it reads on a phone and prints; screen readers get the numbers as text.
 */
export interface Bar {
  label: string;
  value: number;
  shown: string;
}

export function BarChart({ bars, max, label }: { bars: readonly Bar[]; max?: number; label: string }) {
  const top = max ?? Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <figure className="bar-chart" aria-label={label}>
      {bars.map((bar) => (
        <div className="bar-row" key={bar.label}>
          <span className="bar-label">{bar.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${top > 0 ? (Math.max(0, bar.value) / top) * 100 : 0}%` }} />
          </span>
          <span className="bar-value">{bar.shown}</span>
        </div>
      ))}
    </figure>
  );
}
