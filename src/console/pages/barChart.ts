// Sizes are SVG user units. The drawing is narrow on purpose: it scales to the width of a phone with its text still
// about 12px high, and the stylesheet caps how wide (so how large) it grows on a desktop.
const WIDTH = 320;
const VALUE_SPACE = 86;
const BAR_SPACE = WIDTH - VALUE_SPACE;
const LINE = 16;
const BAR = 18;
const ROW_GAP = 12;
const AXIS_SPACE = 46;
// About 7.5 units a character at the 13-unit font: a label longer than this wraps onto a second line.
const LABEL_CHARS = 42;

const COUNT_STEPS = [1, 2, 5];
// Minutes: steps people read as times, from 5 minutes to a week.
const MINUTE_STEPS = [5, 10, 15, 30, 60, 120, 240, 360, 720, 1440, 2880, 10080];

export interface ChartAxis {
  /** What the bars measure, with its unit: "Number of contacts", "Time (hours and minutes)". */
  title: string;
  unit: 'count' | 'minutes';
  /** How a tick's value is written, for times. Counts are written as numbers. */
  tickText?: (value: number) => string;
}

export interface ChartInput {
  id: string;
  title: string;
  /** What the chart shows, in a sentence: read out with it and captioned on its table. */
  description: string;
  empty: string;
  axis: ChartAxis;
  entries: { label: string; value: number; valueText?: string; target?: number }[];
  columns?: string[];
  rows?: string[][];
  legend?: { key: 'bar' | 'over' | 'target'; text: string }[];
}

/** Splits a label into at most two lines at spaces, ending the second with "…" if it is still too long. */
export function labelLines(text: string, width = LABEL_CHARS): string[] {
  if (text.length <= width) return [text];
  const cut = text.lastIndexOf(' ', width);
  const first = cut > 0 ? text.slice(0, cut) : text.slice(0, width);
  const rest = text.slice(first.length).trim();
  return [first, rest.length <= width ? rest : `${rest.slice(0, width - 1).trimEnd()}…`];
}

/** Round tick values from 0 that reach at least `max`, a few of them, on steps a reader expects. */
export function axisTicks(max: number, unit: ChartAxis['unit']): number[] {
  // Times are written long ("1 h 30 min"), so they get fewer ticks than counts to keep their labels apart.
  const wanted = Math.max(max, 1) / (unit === 'minutes' ? 3 : 4);
  let step: number;
  if (unit === 'minutes' && wanted <= MINUTE_STEPS[MINUTE_STEPS.length - 1]) {
    step = MINUTE_STEPS.find((s) => s >= wanted)!;
  } else {
    const base = unit === 'minutes' ? 10080 : 1;
    const power = 10 ** Math.max(0, Math.floor(Math.log10(wanted / base)));
    step = base * power * (COUNT_STEPS.find((s) => s * power * base >= wanted) ?? 10);
  }
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  if (ticks.length === 1) ticks.push(step);
  return ticks;
}

/** A horizontal bar chart as numbers for the SVG template, with its axis and its data table. */
export function barChart(input: ChartInput) {
  const entries = input.entries.filter((e) => Number.isFinite(e.value) && e.value >= 0);
  const ticks = axisTicks(Math.max(0, ...entries.map((e) => Math.max(e.value, e.target ?? 0))), input.axis.unit);
  const top = ticks[ticks.length - 1];
  const scale = (v: number) => Math.round((v / top) * BAR_SPACE);
  const tickText = input.axis.tickText ?? String;
  let y = 4;
  const bars = entries.map((e) => {
    const lines = labelLines(e.label);
    const labelY = y + 12;
    const barY = y + lines.length * LINE + 2;
    y = barY + BAR + ROW_GAP;
    const width = Math.max(2, scale(e.value));
    return {
      label: e.label,
      lines: lines.map((text, i) => ({ text, y: labelY + i * LINE })),
      y: barY,
      width,
      valueText: e.valueText ?? String(e.value),
      valueY: barY + 13,
      hasTarget: e.target !== undefined,
      target: e.target === undefined ? 0 : scale(e.target),
      over: e.target !== undefined && e.value > e.target,
    };
  });
  const axisY = y - ROW_GAP + 6;
  return {
    id: input.id,
    title: input.title,
    description: input.description,
    empty: input.empty,
    width: WIDTH,
    height: axisY + AXIS_SPACE,
    barSpace: BAR_SPACE,
    summary: entries.map((e) => `${e.label} ${e.valueText ?? e.value}`).join(', '),
    axis: {
      title: input.axis.title,
      y: axisY,
      gridTop: 0,
      titleY: axisY + 38,
      ticks: ticks.map((t, i) => ({
        x: scale(t),
        text: tickText(t),
        // The first and last tick labels sit inside the drawing rather than half outside it.
        anchor: i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle',
      })),
    },
    bars,
    legend: input.legend ?? [],
    columns: input.columns ?? ['', 'Number'],
    rows: input.rows ?? entries.map((e) => [e.label, e.valueText ?? String(e.value)]),
  };
}
