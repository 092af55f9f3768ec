import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { DISPOSITIONS } from '../triage/dispositions';
import type { ResponseTargets } from './triageQueue';

const target = z.object({ minutes: z.number().int().min(0), meaning: z.string(), source: z.string() });
const targetsSchema = z.object({
  review: reviewSchema,
  targets: z.object(
    Object.fromEntries(DISPOSITIONS.map((d) => [d, target])) as Record<(typeof DISPOSITIONS)[number], typeof target>,
  ),
});

/** Minutes to respond, per disposition, from content/triage/response-targets.yaml. */
export function loadResponseTargets(): ResponseTargets {
  const { targets } = readContentFile('triage/response-targets.yaml', targetsSchema);
  return Object.fromEntries(Object.entries(targets).map(([d, t]) => [d, t.minutes]));
}
