import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { DISPOSITIONS, type Disposition } from './dispositions';

export interface Observations {
  respirationRate?: number;
  spo2?: number;
  /** Whether the patient is on supplemental oxygen. */
  onOxygen?: boolean;
  systolicBp?: number;
  pulse?: number;
  temperature?: number;
  /** ACVPU: A = alert; C, V, P, U = new confusion, responds to voice, to pain, unresponsive. */
  consciousness?: 'A' | 'C' | 'V' | 'P' | 'U';
}

export type News2Band = 'low' | 'low_medium' | 'medium' | 'high';

export interface News2Result {
  score: number;
  band: News2Band;
  /** Any single parameter scoring 3: the low-medium "urgent response" trigger. */
  anySingleThree: boolean;
  /** Parameters not given; they count as 0, so a partial score is a floor, not a reading. */
  missing: (keyof Observations)[];
  /** The clinical response the RCP chart attaches to the band. */
  response: string;
  /** What Front Door does with this score. */
  disposition: Disposition;
}

const bandTable = z.array(z.tuple([z.number().nullable(), z.number().int().min(0).max(3)])).min(2);
const bandRule = z.object({
  minScore: z.number().int().optional(),
  singleParameterScore: z.number().int().optional(),
  disposition: z.enum(DISPOSITIONS),
  response: z.string().min(1),
});
const news2Schema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  parameters: z.object({
    respirationRate: bandTable,
    spo2Scale1: bandTable,
    spo2Scale2OnAir: bandTable,
    spo2Scale2OnOxygen: bandTable,
    onOxygen: z.object({ air: z.number().int(), oxygen: z.number().int() }),
    systolicBp: bandTable,
    pulse: bandTable,
    consciousness: z.object({ alert: z.number().int(), newConfusionVoicePainUnresponsive: z.number().int() }),
    temperature: bandTable,
  }),
  bands: z.object({ high: bandRule, medium: bandRule, low_medium: bandRule, low: bandRule }),
});
type News2Chart = z.infer<typeof news2Schema>;

let chart: News2Chart | undefined;
function loadChart(): News2Chart {
  chart ??= readContentFile('triage/news2.yaml', news2Schema);
  return chart;
}

function scoreIn(table: [number | null, number][], value: number): number {
  for (const [upper, score] of table) if (upper === null || value <= upper) return score;
  return table[table.length - 1][1];
}

/** A reading that is present and a real number; anything else is treated as not given. */
function reading(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * NEWS2 (RCP 2017) from whatever observations were given. `scale2` selects SpO2 scale 2, for patients with
 * hypercapnic respiratory failure whose prescribed target is 88-92%.
 */
export function news2(obs: Observations, { scale2 = false }: { scale2?: boolean } = {}): News2Result {
  const { parameters: p, bands } = loadChart();
  const scores: number[] = [];
  const missing: (keyof Observations)[] = [];
  const add = (key: keyof Observations, score: number | undefined) => {
    if (score === undefined) missing.push(key);
    else scores.push(score);
  };
  const scored = (key: keyof Observations, table: [number | null, number][]) => {
    const value = reading(obs[key]);
    add(key, value === undefined ? undefined : scoreIn(table, value));
  };

  scored('respirationRate', p.respirationRate);
  const spo2Table = !scale2 ? p.spo2Scale1 : obs.onOxygen ? p.spo2Scale2OnOxygen : p.spo2Scale2OnAir;
  scored('spo2', spo2Table);
  add('onOxygen', obs.onOxygen === undefined ? undefined : obs.onOxygen ? p.onOxygen.oxygen : p.onOxygen.air);
  scored('systolicBp', p.systolicBp);
  scored('pulse', p.pulse);
  add(
    'consciousness',
    obs.consciousness === undefined
      ? undefined
      : obs.consciousness === 'A'
        ? p.consciousness.alert
        : p.consciousness.newConfusionVoicePainUnresponsive,
  );
  scored('temperature', p.temperature);

  const score = scores.reduce((a, b) => a + b, 0);
  const anySingleThree = scores.some((s) => s >= (bands.low_medium.singleParameterScore ?? 3));
  const band: News2Band =
    score >= (bands.high.minScore ?? 7)
      ? 'high'
      : score >= (bands.medium.minScore ?? 5)
        ? 'medium'
        : anySingleThree
          ? 'low_medium'
          : 'low';
  return { score, band, anySingleThree, missing, response: bands[band].response, disposition: bands[band].disposition };
}
