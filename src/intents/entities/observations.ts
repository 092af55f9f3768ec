export interface Observations {
  respirationRate?: number;
  spo2?: number;
  /** Whether the patient is on supplemental oxygen. */
  onOxygen?: boolean;
  systolicBp?: number;
  pulse?: number;
  temperature?: number;
  /** A = alert; C, V, P, U = new confusion, responds to voice, to pain, unresponsive. */
  consciousness?: 'A' | 'C' | 'V' | 'P' | 'U';
}

function num(re: RegExp, text: string): number | undefined {
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Vital signs as a crew or 111 clinician says them: "resp rate 22, sats 95 on air, BP 105 over 60, pulse 98, temp 38.1". */
export function findObservations(text: string): Observations | undefined {
  const t = text.toLowerCase();
  const obs: Observations = {
    respirationRate: num(
      /\b(?:resp(?:iratory|iration)?s?(?: rate)?|rr|breathing rate)\s*(?:is|of|at)?\s*(\d{1,2})\b/,
      t,
    ),
    spo2: num(
      /\b(?:sats?|saturations?|spo2|o2 sats?|oxygen sats?|oxygen saturation)\s*(?:is|of|at|are)?\s*(\d{2,3})\s*(?:%|percent)?/,
      t,
    ),
    systolicBp: num(/\b(?:bp|blood pressure|systolic)\s*(?:is|of|at)?\s*(\d{2,3})\b/, t),
    pulse: num(/\b(?:pulse|heart rate|hr)\s*(?:is|of|at)?\s*(\d{2,3})\b/, t),
    temperature: num(/\b(?:temp|temperature)\s*(?:is|of|at)?\s*(\d{2}(?:\.\d)?)\b/, t),
  };
  if (/\b(on|with) (oxygen|o2)\b|\b\d+\s*(l|litres|liters) (of )?(oxygen|o2)\b/.test(t)) obs.onOxygen = true;
  else if (/\bon air\b|\broom air\b/.test(t)) obs.onOxygen = false;
  if (/\b(unresponsive|unconscious)\b/.test(t)) obs.consciousness = 'U';
  else if (/\bresponds? (only )?to pain\b/.test(t)) obs.consciousness = 'P';
  else if (/\bresponds? (only )?to voice\b/.test(t)) obs.consciousness = 'V';
  else if (/\b(new(ly)? confus|acute(ly)? confus|more confused)/.test(t)) obs.consciousness = 'C';
  else if (/\balert\b/.test(t)) obs.consciousness = 'A';
  const found = Object.values(obs).some((v) => v !== undefined);
  return found ? obs : undefined;
}
