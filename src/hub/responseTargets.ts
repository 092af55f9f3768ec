import { z } from 'zod';
import { readContentFile } from '../content/readContentFile';
import { loadResponseTargets as loadTriageTargets } from '../triage/dispositions';
import type { ResponseTargets } from './triageQueue';

/** The hub's own follow-up target, where the person is handed elsewhere at once (999). */
const followUpSchema = z.object({
  targets: z.record(z.string(), z.object({ followUpMinutes: z.number().int().min(1).optional() })),
});

/**
 * Minutes to respond, per disposition, for queue deadlines. The file (content/triage/response-targets.yaml) and its
 * schema belong to triage; the hub only takes the minutes, so there is one definition of each target. Where the
 * person is handed elsewhere at once (999, minutes 0), the hub's deadline is its follow-up target instead: a deadline
 * of "now" would make every emergency chat a breach the moment it is made, and alert the duty clinician for each.
 */
export function loadResponseTargets(): ResponseTargets {
  const followUps = readContentFile('triage/response-targets.yaml', followUpSchema).targets;
  return Object.fromEntries(
    Object.entries(loadTriageTargets()).map(([d, t]) => [d, followUps[d]?.followUpMinutes ?? t.minutes]),
  );
}
