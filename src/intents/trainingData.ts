import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { LabelledText } from './intentClassifier';

export const INTENTS = [
  'appointment.change',
  'appointment.cancel',
  'appointment.query',
  'unwell.guidance',
  'urgent.clinician',
  'referral.new',
  'professional.handover',
  'safeguarding.concern',
  'enquiry.service',
  'feedback.complaint',
  'human.request',
  'greeting',
  'goodbye',
  'none',
] as const;
export type IntentName = (typeof INTENTS)[number];

const MIN_PHRASES = 40;
const trainingSchema = z.object({
  review: reviewSchema,
  intents: z.object(
    Object.fromEntries(
      INTENTS.map((i) => [i, z.array(z.string().min(1)).min(MIN_PHRASES, `needs at least ${MIN_PHRASES} phrases`)]),
    ) as Record<IntentName, z.ZodArray<z.ZodString>>,
  ),
});

/** The domain's training phrases from content/intents/training.yaml, validated (every intent, 40+ phrases each). */
export function loadTrainingData(): LabelledText[] {
  const { intents } = readContentFile('intents/training.yaml', trainingSchema);
  return Object.entries(intents).flatMap(([intent, phrases]) => phrases.map((text) => ({ text, intent })));
}
