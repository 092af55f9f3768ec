import { loadResponseTargets as loadTriageTargets } from '../triage/dispositions';
import type { ResponseTargets } from './triageQueue';

/**
 * Minutes to respond, per disposition, for queue deadlines. The file (content/triage/response-targets.yaml) and its
 * schema belong to triage; the hub only takes the minutes, so there is one definition of each target.
 */
export function loadResponseTargets(): ResponseTargets {
  return Object.fromEntries(Object.entries(loadTriageTargets()).map(([d, t]) => [d, t.minutes]));
}
