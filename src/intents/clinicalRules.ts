import { z } from 'zod';
import { DISPOSITIONS, moreUrgent, type Disposition } from '../triage/dispositions';

export const ruleMessageSchema = z.object({ text: z.string().min(1), speak: z.string().min(1) });

export const clinicalRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  category: z.string().min(1),
  disposition: z.enum(DISPOSITIONS),
  source: z.string().min(1),
  patterns: z.array(z.string().min(1)).min(1),
  /** The negative is itself the finding ("not breathing"), so negation cues do not cancel it. */
  negationIsEmergency: z.boolean().default(false),
  message: ruleMessageSchema.optional(),
});
export type ClinicalRule = z.infer<typeof clinicalRuleSchema>;

export interface RuleHit {
  id: string;
  category: string;
  disposition: Disposition;
  source: string;
  message?: { text: string; speak: string };
}

interface CompiledRule {
  rule: ClinicalRule;
  patterns: RegExp[];
}

const CLAUSE_BREAK = /[.;!?]|\b(but|however|although|though|and now|now)\b/;

/**
 * Deterministic pattern rules with negation and hedging: "no chest pain" and "what if he gets chest pain" do not fire;
 * "he is not breathing" does, because that rule says the negative is the emergency.
 */
export class ClinicalRules {
  private readonly compiled: CompiledRule[];
  private readonly negation: RegExp;
  private readonly hedges: string[];

  constructor(rules: ClinicalRule[], negationCues: string[], hedges: string[]) {
    this.compiled = rules.map((rule) => ({
      rule,
      patterns: rule.patterns.map((p) => {
        try {
          return new RegExp(p, 'g');
        } catch (err) {
          throw new Error(`rule ${rule.id}: bad pattern ${p}: ${(err as Error).message}`, { cause: err });
        }
      }),
    }));
    this.negation = new RegExp(`\\b(${negationCues.map(escape).join('|')})\\b`);
    this.hedges = hedges;
  }

  /** Every rule that fires, most urgent first. */
  match(normalised: string): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const { rule, patterns } of this.compiled) {
      if (patterns.some((re) => this.firesIn(re, normalised, rule.negationIsEmergency))) {
        hits.push({
          id: rule.id,
          category: rule.category,
          disposition: rule.disposition,
          source: rule.source,
          message: rule.message,
        });
      }
    }
    return hits.sort((a, b) => DISPOSITIONS.indexOf(a.disposition) - DISPOSITIONS.indexOf(b.disposition));
  }

  mostUrgent(normalised: string): Disposition | undefined {
    return this.match(normalised).reduce<Disposition | undefined>(
      (d, hit) => (d ? moreUrgent(d, hit.disposition) : hit.disposition),
      undefined,
    );
  }

  private firesIn(re: RegExp, text: string, negationIsFinding: boolean): boolean {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const before = clauseBefore(text, m.index);
      const negated = !negationIsFinding && this.negation.test(lastWords(before, 4));
      const hedged = this.hedges.some((h) => before.includes(h));
      if (!negated && !hedged) return true;
      if (m[0].length === 0) re.lastIndex++;
    }
    return false;
  }
}

/** The text of the same clause before a position: a negation in an earlier clause does not reach this one. */
function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index);
  const parts = before.split(CLAUSE_BREAK);
  return parts[parts.length - 1] ?? '';
}

function lastWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(-n).join(' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
