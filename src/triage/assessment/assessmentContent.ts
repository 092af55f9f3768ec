import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { DISPOSITIONS } from '../dispositions';

const disposition = z.enum(DISPOSITIONS);
/** Ids are keys of the stored answers: no dots or dollars (MongoDB). */
const questionId = z.string().regex(/^[a-z0-9_-]+$/, 'lower case, digits, _ and - only');
const wording = z.object({ text: z.string().min(1), speak: z.string().min(1), sms: z.string().min(1).optional() });

const dangerSignsSchema = z.object({
  review: reviewSchema,
  intro: wording,
  introUrgent: wording,
  groups: z
    .array(
      wording.extend({
        id: questionId,
        covers: z.array(z.string().min(1)).min(1),
        yes: z.object({ disposition, message: wording }),
        notSure: disposition,
        source: z.string().min(1),
      }),
    )
    .min(1),
});

const discriminatorsSchema = z.object({
  review: reviewSchema,
  maxQuestions: z.number().int().min(0),
  emergency: wording,
  complaints: z.array(
    z.object({
      id: z.string().min(1),
      label: z.string().min(1),
      triggers: z.array(z.string().min(2)).min(1),
      questions: z.array(wording.extend({ id: questionId, yes: disposition, source: z.string().min(1) })).min(1),
    }),
  ),
});

const contactsSchema = z.object({
  review: reviewSchema,
  concern: z.array(z.string().min(1)).min(1),
  concernMaxWords: z.number().int().min(1),
  vagueMaxWords: z.number().int().min(1),
});

export type Wording = z.infer<typeof wording>;
export type DangerSignGroup = z.infer<typeof dangerSignsSchema>['groups'][number];
export type Complaint = z.infer<typeof discriminatorsSchema>['complaints'][number];
export type Discriminator = Complaint['questions'][number];

export interface AssessmentContent {
  dangerSigns: z.infer<typeof dangerSignsSchema>;
  discriminators: z.infer<typeof discriminatorsSchema>;
  contacts: z.infer<typeof contactsSchema>;
}

/** The assessment's questions and what their answers mean: content/triage/{danger-signs,discriminators,assessment}.yaml. */
export function loadAssessmentContent(): AssessmentContent {
  return {
    dangerSigns: readContentFile('triage/danger-signs.yaml', dangerSignsSchema),
    discriminators: readContentFile('triage/discriminators.yaml', discriminatorsSchema),
    contacts: readContentFile('triage/assessment.yaml', contactsSchema),
  };
}
