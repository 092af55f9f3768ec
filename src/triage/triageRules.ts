import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { ClinicalRules, clinicalRuleSchema, type RuleHit } from '../intents/clinicalRules';

const triageSchema = z.object({
  review: reviewSchema,
  negationCues: z.array(z.string().min(1)).min(1),
  hedges: z.array(z.string().min(1)),
  rules: z.array(clinicalRuleSchema).min(1),
});

export interface TriageRules {
  /** Every triage rule a normalised message matches, most urgent first. */
  match(normalised: string): RuleHit[];
}

/** Triage of problems that are not red flags: the seeds' 2-hour, 2-24 hour, routine and self-care lists. */
export function loadTriageRules(): TriageRules {
  const content = readContentFile('triage/rules.yaml', triageSchema);
  return new ClinicalRules(content.rules, content.negationCues, content.hedges);
}
