import type { Observations } from '../intents/entities/observations';

export type News2Band = 'low' | 'low_medium' | 'medium' | 'high';

export interface News2Result {
  score: number;
  band: News2Band;
  /** Any single parameter scoring 3: the low-medium "urgent ward-based response" trigger. */
  anySingleThree: boolean;
  /** Parameters not given; the score counts them as 0, so a partial score is a floor, not a reading. */
  missing: (keyof Observations)[];
  /** The clinical response the RCP chart attaches to the band. */
  response: string;
}

const RESPONSES: Record<News2Band, string> = {
  low: 'Ward-based response: continue routine monitoring (minimum 12-hourly; 4-6 hourly for 1-4).',
  low_medium: 'Urgent ward-based response: a single parameter scores 3; urgent clinical review.',
  medium: 'Key threshold for urgent response: urgent review by a clinician competent in acute illness.',
  high: 'Urgent or emergency response: emergency assessment by a clinical team with critical-care competencies.',
};

function bands(value: number, table: [number, number][]): number {
  // table: [upper bound inclusive, score], ascending; the last entry catches everything above.
  for (const [upper, score] of table) if (value <= upper) return score;
  return table[table.length - 1][1];
}

/**
 * NEWS2, Royal College of Physicians 2017 chart. `scale2` is SpO2 scale 2, for patients with hypercapnic respiratory
 * failure and a prescribed target range of 88-92%.
 */
export function news2(obs: Observations, { scale2 = false }: { scale2?: boolean } = {}): News2Result {
  const parts: number[] = [];
  const missing: (keyof Observations)[] = [];
  const add = (key: keyof Observations, score: number | undefined) => {
    if (score === undefined) missing.push(key);
    else parts.push(score);
  };

  add(
    'respirationRate',
    obs.respirationRate === undefined
      ? undefined
      : bands(obs.respirationRate, [
          [8, 3],
          [11, 1],
          [20, 0],
          [24, 2],
          [Infinity, 3],
        ]),
  );
  if (obs.spo2 === undefined) {
    add('spo2', undefined);
  } else if (!scale2) {
    add(
      'spo2',
      bands(obs.spo2, [
        [91, 3],
        [93, 2],
        [95, 1],
        [Infinity, 0],
      ]),
    );
  } else if (obs.onOxygen) {
    add(
      'spo2',
      bands(obs.spo2, [
        [83, 3],
        [85, 2],
        [87, 1],
        [92, 0],
        [94, 1],
        [96, 2],
        [Infinity, 3],
      ]),
    );
  } else {
    // On air, scale 2 scores 93% and above as 0: the high oxygen scores apply only on supplemental oxygen.
    add(
      'spo2',
      bands(obs.spo2, [
        [83, 3],
        [85, 2],
        [87, 1],
        [Infinity, 0],
      ]),
    );
  }
  add('onOxygen', obs.onOxygen === undefined ? undefined : obs.onOxygen ? 2 : 0);
  add(
    'systolicBp',
    obs.systolicBp === undefined
      ? undefined
      : bands(obs.systolicBp, [
          [90, 3],
          [100, 2],
          [110, 1],
          [219, 0],
          [Infinity, 3],
        ]),
  );
  add(
    'pulse',
    obs.pulse === undefined
      ? undefined
      : bands(obs.pulse, [
          [40, 3],
          [50, 1],
          [90, 0],
          [110, 1],
          [130, 2],
          [Infinity, 3],
        ]),
  );
  add('consciousness', obs.consciousness === undefined ? undefined : obs.consciousness === 'A' ? 0 : 3);
  add(
    'temperature',
    obs.temperature === undefined
      ? undefined
      : bands(obs.temperature, [
          [35.0, 3],
          [36.0, 1],
          [38.0, 0],
          [39.0, 1],
          [Infinity, 2],
        ]),
  );

  const score = parts.reduce((a, b) => a + b, 0);
  const anySingleThree = parts.includes(3);
  const band: News2Band = score >= 7 ? 'high' : score >= 5 ? 'medium' : anySingleThree ? 'low_medium' : 'low';
  return { score, band, anySingleThree, missing, response: RESPONSES[band] };
}
