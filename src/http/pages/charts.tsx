// Charts drawn on the server as inline SVG: no script, no library, a few hundred bytes each.
// Colours are presentation attributes (the page's CSP admits only its one stylesheet). Each
// chart is an image with a title and a description for screen readers, and names the table
// that holds the same figures, which every chart on a page comes with.
import type { ComponentChildren } from 'preact';

const WIDTH = 640;
const INK = '#1a1a1a';
const GRID = '#d0d4da';
export const chartColours = ['#0b4f9c', '#a4161a', '#1e7b34'] as const;

/** A round whole step for an axis of counts that reaches at least `max`, in about four steps. */
function niceStep(max: number): number {
  const rough = max / 4;
  if (rough <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
}

function Figure({
  id,
  title,
  caption,
  height,
  children,
}: {
  id: string;
  title: string;
  /** One sentence: what is drawn, and where the table with the same figures is. */
  caption: ComponentChildren;
  height: number;
  children: ComponentChildren;
}) {
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        font-size={12}
      >
        <title id={`${id}-title`}>{title}</title>
        {children}
      </svg>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as printed beside the bar (formatted for the page's language). */
  readonly text: string;
}

/** Horizontal bars, one per row (e.g. one per commune), longest scale `max`. */
export function BarChart({
  id,
  title,
  description,
  caption,
  bars,
  max,
}: {
  id: string;
  title: string;
  description: string;
  caption: ComponentChildren;
  bars: readonly Bar[];
  max: number;
}) {
  const rowHeight = 24;
  const labelWidth = 220;
  const barWidth = WIDTH - labelWidth - 70;
  const height = bars.length * rowHeight + 8;
  const scale = max > 0 ? barWidth / max : 0;
  return (
    <Figure id={id} title={title} caption={caption} height={height}>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, i) => {
        const y = 4 + i * rowHeight;
        const width = Math.max(0, Math.min(barWidth, bar.value * scale));
        return (
          <g>
            <text x={labelWidth - 8} y={y + 16} text-anchor="end" fill={INK}>
              {bar.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={width}
              height={rowHeight - 8}
              fill={chartColours[0]}
            >
              <title>{`${bar.label}: ${bar.text}`}</title>
            </rect>
            <text x={labelWidth + width + 6} y={y + 16} fill={INK}>
              {bar.text}
            </text>
          </g>
        );
      })}
      <line x1={labelWidth} x2={labelWidth} y1={2} y2={height - 2} stroke={INK} stroke-width={1} />
    </Figure>
  );
}

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

/** Columns over time: for each period (a week, a day), one column per series side by side. */
export function ColumnChart({
  id,
  title,
  description,
  caption,
  categories,
  series,
  formatValue,
}: {
  id: string;
  title: string;
  description: string;
  caption: ComponentChildren;
  categories: readonly string[];
  series: readonly Series[];
  formatValue: (n: number) => string;
}) {
  const height = 260;
  const left = 44;
  const top = 28;
  const bottom = height - 28;
  const plotWidth = WIDTH - left - 8;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const step = niceStep(max);
  const axisTop = Math.max(step, Math.ceil(max / step) * step);
  const y = (v: number) => bottom - (v / axisTop) * (bottom - top);
  const slot = categories.length === 0 ? plotWidth : plotWidth / categories.length;
  const columnWidth = Math.max(2, (slot * 0.8) / Math.max(1, series.length));
  const ticks: number[] = [];
  for (let v = 0; v <= axisTop + step / 2; v += step) ticks.push(v);
  // Every label when they fit; otherwise every other one (a month of days).
  const labelEvery = slot >= 36 ? 1 : 2;
  return (
    <Figure id={id} title={title} caption={caption} height={height}>
      <desc id={`${id}-desc`}>{description}</desc>
      {series.map((s, i) => (
        <g>
          <rect
            x={left + i * 180}
            y={6}
            width={12}
            height={12}
            fill={chartColours[i % chartColours.length]}
          />
          <text x={left + i * 180 + 18} y={16} fill={INK}>
            {s.name}
          </text>
        </g>
      ))}
      {ticks.map((v) => (
        <g>
          <line x1={left} x2={WIDTH - 8} y1={y(v)} y2={y(v)} stroke={GRID} stroke-width={1} />
          <text x={left - 6} y={y(v) + 4} text-anchor="end" fill={INK}>
            {formatValue(v)}
          </text>
        </g>
      ))}
      {categories.map((category, c) => (
        <g>
          {series.map((s, i) => {
            const value = s.values[c] ?? 0;
            return (
              <rect
                x={left + c * slot + slot * 0.1 + i * columnWidth}
                y={y(value)}
                width={columnWidth}
                height={bottom - y(value)}
                fill={chartColours[i % chartColours.length]}
              >
                <title>{`${category} — ${s.name}: ${formatValue(value)}`}</title>
              </rect>
            );
          })}
          {c % labelEvery === 0 && (
            <text x={left + c * slot + slot / 2} y={bottom + 16} text-anchor="middle" fill={INK}>
              {category}
            </text>
          )}
        </g>
      ))}
      <line x1={left} x2={WIDTH - 8} y1={bottom} y2={bottom} stroke={INK} stroke-width={1} />
    </Figure>
  );
}
