import { z } from 'zod';

/**
 * A whole conversation from a blind set: the person's turns in their own words and the outcome that must follow.
 * Writers named the same outcomes differently; each name maps to one outcome the judge can check in the store.
 */
const OUTCOME_NAMES = {
  visit_changed: 'visit_changed',
  visit_cancelled: 'visit_cancelled',
  visit_info: 'visit_info',
  visit_confirmed: 'visit_info',
  advice: 'advice',
  guidance: 'advice',
  guidance_given: 'advice',
  care_plan: 'advice',
  duty_clinician: 'duty_clinician',
  handed_to_duty_clinician: 'duty_clinician',
  person: 'person',
  escalated_callback: 'person',
  referral: 'referral',
  referral_to_duty_clinician: 'referral',
  emergency_999: 'emergency_999',
  handed_to_999: 'emergency_999',
  complaint: 'complaint',
  complaint_recorded: 'complaint',
  feedback: 'feedback',
  safeguarding: 'safeguarding',
  information: 'information',
  info_given: 'information',
} as const;
export type Outcome = (typeof OUTCOME_NAMES)[keyof typeof OUTCOME_NAMES];

/** Outcomes that put the person in the hub's queue: none of them may be lost if the person leaves. */
export const ESCALATIONS: ReadonlySet<Outcome> = new Set(['duty_clinician', 'person', 'referral', 'safeguarding']);

export const conversationCaseSchema = z
  .object({
    id: z.string(),
    channel: z.enum(['webchat', 'sms', 'voice']),
    persona: z.string().optional(),
    turns: z.array(z.string().min(1)).min(1),
    outcome: z
      .object({
        result: z.enum(Object.keys(OUTCOME_NAMES) as [keyof typeof OUTCOME_NAMES]),
        mustNotAskAgain: z.array(z.string()).default([]),
        leavesEarly: z.boolean().optional(),
        leavesAfterTurn: z.number().int().positive().optional(),
        maxTurns: z.number().int().positive().optional(),
      })
      .passthrough(),
  })
  .transform((c) => ({
    ...c,
    expected: OUTCOME_NAMES[c.outcome.result] as Outcome,
    // The person stops answering here (the rest of the list is what they would have said).
    leavesAfter: c.outcome.leavesAfterTurn ?? (c.outcome.leavesEarly ? c.turns.length : undefined),
  }));
export type ConversationCase = z.infer<typeof conversationCaseSchema>;

export function parseConversationSet(text: string, file: string): ConversationCase[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = conversationCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0].message}`);
      return parsed.data;
    });
}
