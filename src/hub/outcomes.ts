import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';

export interface CodedOutcome {
  code: string;
  label: string;
}

export interface Outcomes {
  /** In the order staff see them. */
  list: CodedOutcome[];
  /** The code given when items already handed to 999 are closed together. */
  handedTo999: CodedOutcome;
  /** The code Front Door gives a professional's referral it told to go elsewhere (not eligible here). */
  turnedAway: CodedOutcome;
  labelOf(code: string): string | undefined;
}

const outcomesSchema = z
  .object({
    review: reviewSchema,
    outcomes: z.array(z.object({ code: z.string().regex(/^[a-z0-9_]+$/), label: z.string().min(1).max(80) })).min(1),
    handedTo999: z.string().min(1),
    turnedAway: z.string().min(1),
  })
  .superRefine((file, ctx) => {
    const codes = file.outcomes.map((o) => o.code);
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i)
        ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'code'], message: 'used twice' });
    });
    for (const key of ['handedTo999', 'turnedAway'] as const) {
      if (!codes.includes(file[key]))
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be one of the outcome codes' });
    }
  });

/** The coded outcomes (content/hub/outcomes.yaml), checked when first read so a bad file stops start-up. */
export function loadOutcomes(): Outcomes {
  const file = readContentFile('hub/outcomes.yaml', outcomesSchema);
  const byCode = new Map(file.outcomes.map((o) => [o.code, o]));
  return {
    list: file.outcomes,
    handedTo999: byCode.get(file.handedTo999)!,
    turnedAway: byCode.get(file.turnedAway)!,
    labelOf: (code) => byCode.get(code)?.label,
  };
}
