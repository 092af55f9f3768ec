import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';

/** From most to least urgent; `none` is a message with no clinical content. */
export const DISPOSITIONS = ['emergency_999', 'urgent_2h', 'same_day', 'routine', 'self_care', 'none'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** 0 is the most urgent. */
export function urgencyRank(d: Disposition): number {
  return DISPOSITIONS.indexOf(d);
}

/** The more urgent of two dispositions. */
export function moreUrgent(a: Disposition, b: Disposition): Disposition {
  return urgencyRank(a) <= urgencyRank(b) ? a : b;
}

export function isDisposition(value: unknown): value is Disposition {
  return typeof value === 'string' && (DISPOSITIONS as readonly string[]).includes(value);
}

const targetSchema = z.object({
  minutes: z.number().int().min(0),
  meaning: z.string().min(1),
  /** What the person is told, e.g. "a clinician will call you back within 2 hours". */
  wording: z.string().min(1),
  source: z.string().min(1),
});
const targetsSchema = z.object({
  review: reviewSchema,
  targets: z.object(
    Object.fromEntries(DISPOSITIONS.map((d) => [d, targetSchema])) as Record<Disposition, typeof targetSchema>,
  ),
});
export type ResponseTarget = z.infer<typeof targetSchema>;

/** Response target per disposition (content/triage/response-targets.yaml), for deadlines and what people are told. */
export function loadResponseTargets(): Record<Disposition, ResponseTarget> {
  return readContentFile('triage/response-targets.yaml', targetsSchema).targets;
}
