import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { ALERT_CATEGORIES, type PatientAlert } from '../patients/patientModel';

/** A SNOMED CT concept as content gives it: its id and the term shown with it. */
export interface Concept {
  code: string;
  display: string;
}

const concept = z.object({
  code: z.string().regex(/^\d{6,18}$/, 'must be a SNOMED CT concept id'),
  display: z.string().min(1),
});

const risksSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  risks: z.record(
    z.string().regex(/^[a-z][a-z_]*$/, 'a risk id is lower case words joined by _'),
    z
      .object({
        label: z.string().min(1),
        category: z.enum(ALERT_CATEGORIES),
        snomed: concept.optional(),
        uncoded: z.string().min(1).optional(),
      })
      // A risk without a code must say why, so a missing code is a decision and never an oversight.
      .refine((r) => Boolean(r.snomed) !== Boolean(r.uncoded), 'give either `snomed` or `uncoded` (why there is none)'),
  ),
});

/** Only the codes: the rest of the file is read and checked by the dialogs' loader. */
const needCodesSchema = z.object({ needs: z.record(z.string(), z.object({ snomed: concept.optional() })) });

export interface KnownRisk {
  id: string;
  label: string;
  category: PatientAlert['category'];
  snomed?: Concept;
}

/**
 * The SNOMED CT concepts communication-need and risk Flags are coded with, both ways: our need or risk to its concept
 * when writing, and a concept found on a Flag (ours, or one another system wrote) back to our need or risk.
 */
export class FlagCodes {
  private readonly needConcepts: Map<string, Concept>;
  private readonly risks: Map<string, KnownRisk>;

  constructor(needs: Record<string, { snomed?: Concept }>, risks: KnownRisk[]) {
    this.needConcepts = new Map(
      Object.entries(needs).flatMap(([id, need]) => (need.snomed ? [[id, need.snomed] as const] : [])),
    );
    this.risks = new Map(risks.map((r) => [r.id, r]));
  }

  static load(): FlagCodes {
    const risks = readContentFile('risk-alerts.yaml', risksSchema).risks;
    const needs = readContentFile('communication-needs.yaml', needCodesSchema).needs;
    return new FlagCodes(
      needs,
      Object.entries(risks).map(([id, r]) => ({ id, label: r.label, category: r.category, snomed: r.snomed })),
    );
  }

  needConcept(need: string): Concept | undefined {
    return this.needConcepts.get(need);
  }

  /** The need a SNOMED CT concept stands for, if it is one content codes a need with. */
  needWithConcept(code: string): string | undefined {
    return [...this.needConcepts].find(([, c]) => c.code === code)?.[0];
  }

  risk(id: string): KnownRisk | undefined {
    return this.risks.get(id);
  }

  /** The risk a SNOMED CT concept stands for, if it is one content codes a risk with. */
  riskWithConcept(code: string): KnownRisk | undefined {
    return [...this.risks.values()].find((r) => r.snomed?.code === code);
  }

  riskIds(): string[] {
    return [...this.risks.keys()];
  }
}
