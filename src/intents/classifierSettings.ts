import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { ClassifierOptions } from './intentClassifier';

const classifierSchema = z.object({
  review: reviewSchema,
  threshold: z.union([z.number().min(0).max(1), z.literal('auto')]),
  temperature: z.union([z.number().positive(), z.literal('auto')]),
  margin: z.number().min(0).max(1),
  epochs: z.number().int().min(1).max(100),
  familiarity: z.union([z.number().min(0).max(1), z.literal('auto')]),
});

/** The domain model's settings from content/intents/classifier.yaml, shared by the bot and cross-validation. */
export function loadClassifierSettings(): ClassifierOptions {
  const { threshold, temperature, margin, epochs, familiarity } = readContentFile(
    'intents/classifier.yaml',
    classifierSchema,
  );
  return { threshold, temperature, margin, epochs, familiarity };
}
