import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { ClinicalRules, clinicalRuleSchema, ruleMessageSchema } from './clinicalRules';

const redFlagsSchema = z.object({
  review: reviewSchema,
  negationCues: z.array(z.string().min(1)).min(1),
  hedges: z.array(z.string().min(1)),
  messages: z.record(z.string(), ruleMessageSchema),
  rules: z.array(clinicalRuleSchema.extend({ message: ruleMessageSchema })).min(1),
});

/** The red-flag screen: every rule carries the message to give first. */
export function loadRedFlags(): ClinicalRules {
  const content = readContentFile('red-flags.yaml', redFlagsSchema);
  return new ClinicalRules(content.rules, content.negationCues, content.hedges);
}
