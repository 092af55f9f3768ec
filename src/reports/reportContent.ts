import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { DISPOSITIONS } from '../triage/dispositions';

const id = z.string().regex(/^[a-z0-9_]+$/);
const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be a valid regular expression' },
);

const reportsSchema = z
  .object({
    review: reviewSchema,
    defaultService: z.string().regex(/^[a-z0-9-]{1,40}$/),
    timezone: z.string().min(1),
    sources: z
      .array(
        z.object({
          id,
          label: z.string().min(1),
          role: z.enum(['patient', 'carer', 'professional', 'unknown']),
          words: pattern.optional(),
        }),
      )
      .min(1),
    functions: z.array(z.object({ id, label: z.string().min(1), dispositions: z.array(z.enum(DISPOSITIONS)).min(1) })),
  })
  .superRefine((file, ctx) => {
    for (const role of ['patient', 'carer', 'professional', 'unknown']) {
      if (!file.sources.some((s) => s.role === role && !s.words)) {
        ctx.addIssue({ code: 'custom', path: ['sources'], message: `needs an entry for role ${role} without words` });
      }
    }
    for (const d of DISPOSITIONS) {
      const count = file.functions.filter((f) => f.dispositions.includes(d)).length;
      if (count !== 1) {
        ctx.addIssue({ code: 'custom', path: ['functions'], message: `${d} must be in exactly one function` });
      }
    }
  });

export type ReportContent = z.infer<typeof reportsSchema>;

/** content/hub/reports.yaml: the default service, the month's clock, sources and functions, checked at start-up. */
export function loadReportContent(): ReportContent {
  return readContentFile('hub/reports.yaml', reportsSchema);
}
