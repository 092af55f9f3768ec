import type { RedFlagHit } from '../intents/redFlags';
import type { Observations } from '../triage/news2';

/**
 * Findings that are a reading beyond a threshold, and whether a reading the observation parser took from the same
 * message meets it (undefined when that reading was not given). The parser knows which number belongs to which sign;
 * the lexicon matches a number within a few words, so "sats 95% and pulse 80" reads 80 as the saturation.
 */
const READINGS: Record<string, (o: Observations) => boolean | undefined> = {
  low_oxygen: (o) => (o.spo2 === undefined ? undefined : o.spo2 < 86),
  hypotension: (o) => (o.systolicBp === undefined ? undefined : o.systolicBp <= 90),
  tachycardia_high: (o) => (o.pulse === undefined ? undefined : o.pulse > 130),
};

/**
 * A professional's red flag that rests on readings their own figures contradict ("BP 128/70, HR 76" is not shock):
 * every reading finding it was raised by was given, and none meets its threshold, so the rule that needs it does not
 * hold (another finding in it, "drowsy", raises its own flag). A flag raised by no reading, or by a reading that was
 * not given, stands.
 */
export function contradictedByReadings(flag: RedFlagHit, observations: Observations | undefined): boolean {
  if (!observations || !flag.because.length) return false;
  const readings = flag.because.filter((f) => READINGS[f]);
  if (!readings.length) return false;
  return readings.every((f) => READINGS[f](observations) === false);
}
