import { z } from 'zod';
import { DISPOSITIONS, type Disposition } from '../../triage/dispositions';
import type { Finding } from './findFindings';

const messageSchema = z.object({ text: z.string().min(1), speak: z.string().min(1) });

/** `when` lists ways the rule fires: a finding id, or ids joined by " + " that must all be current. */
export const findingRulesSchema = (known: Set<string>) =>
  z.object({
    messages: z.record(z.string(), messageSchema),
    rules: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9_]+$/),
          category: z.string().min(1),
          disposition: z.enum(DISPOSITIONS),
          source: z.string().min(1),
          when: z
            .array(
              z.string().refine((w) => w.split('+').every((id) => known.has(id.trim())), {
                message: 'names a finding the lexicon does not define',
              }),
            )
            .min(1),
          /** Findings that, when current, mean another rule fits better ("rattly breathing" when dying). */
          unless: z.array(z.string()).default([]),
          message: z.string(),
        }),
      )
      .min(1),
  });

export interface FindingRuleHit {
  id: string;
  category: string;
  disposition: Disposition;
  source: string;
  message: { text: string; speak: string };
  /** The findings that made it fire. */
  because: string[];
}

export class FindingRules {
  private readonly rules: { hit: Omit<FindingRuleHit, 'because'>; when: string[][]; unless: string[] }[];

  constructor(content: z.infer<ReturnType<typeof findingRulesSchema>>) {
    this.rules = content.rules.map((rule) => {
      const message = content.messages[rule.message];
      if (!message) throw new Error(`rule ${rule.id}: no message called ${rule.message}`);
      return {
        hit: { id: rule.id, category: rule.category, disposition: rule.disposition, source: rule.source, message },
        when: rule.when.map((w) => w.split('+').map((id) => id.trim())),
        unless: rule.unless,
      };
    });
  }

  /** Every rule whose findings are all current, most urgent first. */
  match(findings: Finding[]): FindingRuleHit[] {
    // Every rule needs a current finding, and most messages (and most screens of a message) have none: nothing to
    // allocate for them, as this runs for each of the 15 screens on every message (issue 16).
    if (!findings.some((f) => f.current)) return [];
    const current = new Set(findings.filter((f) => f.current).map((f) => f.id));
    const hits: FindingRuleHit[] = [];
    for (const { hit, when, unless } of this.rules) {
      if (anyIn(unless, current)) continue;
      const fired = firstAllIn(when, current);
      if (fired) hits.push({ ...hit, because: fired });
    }
    return hits.sort((a, b) => DISPOSITIONS.indexOf(a.disposition) - DISPOSITIONS.indexOf(b.disposition));
  }
}

/** Loops, not `some` and `every` with closures: they run for every rule of every screen that found something. */
function anyIn(ids: string[], current: Set<string>): boolean {
  for (const id of ids) if (current.has(id)) return true;
  return false;
}

/** The first list of ids that are all current. */
function firstAllIn(lists: string[][], current: Set<string>): string[] | undefined {
  next: for (const ids of lists) {
    for (const id of ids) if (!current.has(id)) continue next;
    return ids;
  }
  return undefined;
}
