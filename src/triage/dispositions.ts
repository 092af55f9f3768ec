/** From most to least urgent; `none` is a message with no clinical content. */
export const DISPOSITIONS = ['emergency_999', 'urgent_2h', 'same_day', 'routine', 'self_care', 'none'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export function urgencyRank(d: Disposition): number {
  return DISPOSITIONS.indexOf(d);
}

/** The more urgent of two dispositions. */
export function moreUrgent(a: Disposition, b: Disposition): Disposition {
  return urgencyRank(a) <= urgencyRank(b) ? a : b;
}

export function isDisposition(value: string): value is Disposition {
  return (DISPOSITIONS as readonly string[]).includes(value);
}
