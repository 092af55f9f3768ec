import type { Observations } from '../../triage/news2';
import { numbersFromSpeech } from './spokenDigits';

export type { Observations } from '../../triage/news2';

const SEP = String.raw`\s*(?:is|was|of|at|are|=|:|-)?\s*`;

function num(re: RegExp, text: string): number | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Vital signs as a crew or 111 clinician says them: "resp rate 22, sats 95% on air, BP 105 over 60, pulse 98,
 * temp 38.1, alert", in figures or words. Only what is said is returned; NEWS2 reports the rest as missing.
 */
export function findObservations(text: string): Observations | undefined {
  // On the phone the figures may come as words ("sats ninety two, BP a hundred and ten over sixty").
  const t = numbersFromSpeech(text.toLowerCase());
  const obs: Observations = {
    respirationRate: num(
      new RegExp(
        String.raw`\b(?:resp(?:iratory|iration)?s?(?: rate)?|rr|breathing rate|breaths? per minute)${SEP}(\d{1,2})\b`,
      ),
      t,
    ),
    spo2: num(
      new RegExp(
        String.raw`\b(?:sats?|saturations?|saturating|spo2|o2 sats?|oxygen sats?|oxygen saturations?|oxygen levels?)${SEP}(\d{2,3})\s*(?:%|percent)?`,
      ),
      t,
    ),
    systolicBp: num(new RegExp(String.raw`\b(?:bp|blood pressure|systolic|sbp)${SEP}(\d{2,3})\b`), t),
    pulse: num(new RegExp(String.raw`\b(?:pulse|heart rate|hr|heart rates?)${SEP}(\d{2,3})\b`), t),
    temperature: num(new RegExp(String.raw`\b(?:temp|temperature|temp is|tympanic)${SEP}(\d{2}(?:\.\d)?)\b`), t),
  };
  if (obs.spo2 !== undefined && obs.spo2 > 100) obs.spo2 = undefined;
  if (/\b(on|with|having) (oxygen|o2)\b|\b\d+\s*(l|litres|liters) (of )?(oxygen|o2)\b|\bon \d+\s*(l|litres)\b/.test(t))
    obs.onOxygen = true;
  else if (/\b(on|room) air\b/.test(t)) obs.onOxygen = false;
  if (/\b(unresponsive|unconscious|responds? to nothing)\b/.test(t)) obs.consciousness = 'U';
  else if (/\bresponds? (only )?to pain\b|\bresponding (only )?to pain\b/.test(t)) obs.consciousness = 'P';
  else if (/\bresponds? (only )?to voice\b|\bresponding (only )?to voice\b/.test(t)) obs.consciousness = 'V';
  else if (/\b(new(ly)? confus|acute(ly)? confus|more confused|confused today|new confusion)/.test(t))
    obs.consciousness = 'C';
  else if (/\b(alert|gcs 15)\b/.test(t)) obs.consciousness = 'A';
  for (const key of Object.keys(obs) as (keyof Observations)[]) if (obs[key] === undefined) delete obs[key];
  return Object.keys(obs).length ? obs : undefined;
}
