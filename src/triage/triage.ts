import { moreUrgent, type Disposition } from './dispositions';
import type { News2Result } from './news2';

/**
 * Intents that describe a health problem: with no rule matched, nobody knows how urgent they are, so they reach a
 * person the same day (never a routine 72-hour call-back by default: hazard H03).
 */
const CLINICAL_INTENTS = new Set(['unwell.guidance', 'urgent.clinician', 'referral.new', 'professional.handover']);
/** What a clinical message no rule or red flag recognised is raised to. */
const CLINICAL_UNKNOWN: Disposition = 'same_day';
/** The lowest disposition a rule can set for a message that is not about a health problem (a booking, a complaint). */
const NON_CLINICAL_FLOOR: Disposition = 'same_day';

/** The intent is itself about a health problem, whatever rules fired. */
export function isClinicalIntent(intent: string): boolean {
  return CLINICAL_INTENTS.has(intent);
}

export interface TriageInput {
  intent: string;
  redFlags: { disposition: Disposition }[];
  ruleHits: { disposition: Disposition }[];
  news2?: Pick<News2Result, 'disposition'>;
}

/**
 * The disposition of a message: the most urgent of its red flags, triage rules and reported NEWS2. Asking for the
 * duty clinician is at least urgent. A clinical message nothing recognised is same-day: not understood is not routine.
 * A booking that mentions a dressing is not a clinical request, so routine and
 * self-care rules only count when the message is about a health problem.
 */
export function decideDisposition({ intent, redFlags, ruleHits, news2 }: TriageInput): Disposition {
  const clinical = CLINICAL_INTENTS.has(intent) || redFlags.length > 0;
  let disposition: Disposition = 'none';
  const raise = (d: Disposition) => {
    disposition = disposition === 'none' ? d : moreUrgent(disposition, d);
  };
  for (const flag of redFlags) raise(flag.disposition);
  for (const hit of ruleHits)
    if (clinical || moreUrgent(hit.disposition, NON_CLINICAL_FLOOR) === hit.disposition) raise(hit.disposition);
  if (news2) raise(news2.disposition);
  if (intent === 'urgent.clinician') raise('urgent_2h');
  if (disposition === 'none' && CLINICAL_INTENTS.has(intent)) raise(CLINICAL_UNKNOWN);
  return disposition;
}
