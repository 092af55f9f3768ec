import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { Disposition } from '../triage/dispositions';
import { ClinicalRules, clinicalRuleSchema, ruleMessageSchema } from './clinicalRules';
import { SpellingCorrector } from './spelling';

const redFlagsSchema = z.object({
  review: reviewSchema,
  negationCues: z.array(z.string().min(1)).min(1),
  hedges: z.array(z.string().min(1)),
  vocabulary: z.array(z.string().regex(/^[a-z]+$/)).min(1),
  messages: z.record(z.string(), ruleMessageSchema),
  rules: z.array(clinicalRuleSchema.extend({ message: ruleMessageSchema })).min(1),
});

export interface RedFlagHit {
  id: string;
  category: string;
  disposition: Disposition;
  /** What to tell the person first, in writing. */
  message: string;
  /** The same for the voice line: shorter, and written to be spoken. */
  speak?: string;
  /** The guidance the rule comes from. */
  source: string;
}

export interface RedFlagScreen {
  /** Every red flag in a normalised message, most urgent first. Deterministic; never throws. */
  screen(normalised: string): RedFlagHit[];
}

/**
 * The red-flag screen from content/red-flags.yaml. It reads the message as written and, when that differs, as
 * spelling-corrected against the clinical vocabulary, so typos and speech-recognition slips ("braething",
 * "unconsious") still raise the flag.
 */
export function loadRedFlags(extraVocabulary: Iterable<string> = []): RedFlagScreen {
  const content = readContentFile('red-flags.yaml', redFlagsSchema);
  const rules = new ClinicalRules(content.rules, content.negationCues, content.hedges);
  const speller = new SpellingCorrector([...content.vocabulary, ...extraVocabulary]);
  return {
    screen(normalised: string): RedFlagHit[] {
      const hits = rules.match(normalised);
      const corrected = normalised
        .split(' ')
        .map((w) => speller.correct(w))
        .join(' ');
      if (corrected !== normalised) {
        for (const hit of rules.match(corrected)) if (!hits.some((h) => h.id === hit.id)) hits.push(hit);
      }
      return hits.map((hit) => ({
        id: hit.id,
        category: hit.category,
        disposition: hit.disposition,
        message: hit.message?.text ?? '',
        speak: hit.message?.speak,
        source: hit.source,
      }));
    },
  };
}
