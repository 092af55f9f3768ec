import { z } from 'zod';
import { DISPOSITIONS, moreUrgent, type Disposition } from '../triage/dispositions';

export const ruleMessageSchema = z.object({ text: z.string().min(1), speak: z.string().min(1) });

/** A regular expression in content, checked when the file is read. */
export const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const clinicalRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  category: z.string().min(1),
  disposition: z.enum(DISPOSITIONS),
  source: z.string().min(1),
  patterns: z.array(regexSource).min(1),
  /** The negative is itself the finding ("not breathing"), so negation cues do not cancel it. */
  negationIsFinding: z.boolean().default(false),
  /** A clause matching one of these is about something else or long past ("stroke five years ago", "fell asleep"). */
  unless: z.array(regexSource).default([]),
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
  unless: RegExp[];
}

/** Words that start a new clause: a negation or hedge before one of them does not reach past it. */
const CLAUSE_BREAK = /[.;:!?,]|\b(?:but|however|although|though|and now|now|then|except)\b/g;
/** How many words before a finding a negation cue can be and still negate it ("no history of chest pain"). */
const NEGATION_WINDOW = 4;

/**
 * Deterministic pattern rules with negation and hedging: "no chest pain" and "what if he gets chest pain" do not fire;
 * "he is not breathing" does, because that rule says the negative is the finding.
 */
export class ClinicalRules {
  private readonly compiled: CompiledRule[];
  private readonly negation: RegExp;
  private readonly hedges: string[];

  constructor(rules: ClinicalRule[], negationCues: string[], hedges: string[]) {
    this.compiled = rules.map((rule) => ({
      rule,
      patterns: rule.patterns.map((p) => new RegExp(p, 'g')),
      unless: rule.unless.map((p) => new RegExp(p)),
    }));
    this.negation = new RegExp(`\\b(?:${negationCues.map(escape).join('|')})\\b`);
    this.hedges = hedges;
  }

  /** Every rule that fires, most urgent first. */
  match(normalised: string): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const compiled of this.compiled) {
      if (compiled.patterns.some((re) => this.firesIn(compiled, re, normalised))) {
        const { rule } = compiled;
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

  private firesIn({ rule, unless }: CompiledRule, re: RegExp, text: string): boolean {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      const { before, clause } = clauseAround(text, m.index, m.index + m[0].length);
      if (!rule.negationIsFinding && this.negation.test(lastWords(before, NEGATION_WINDOW))) continue;
      if (this.hedges.some((h) => ` ${before} `.includes(` ${h} `))) continue;
      if (unless.some((u) => u.test(clause))) continue;
      return true;
    }
    return false;
  }
}

/** The clause a match sits in, and the part of it before the match. */
function clauseAround(text: string, start: number, end: number): { before: string; clause: string } {
  let clauseStart = 0;
  let clauseEnd = text.length;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m; m = CLAUSE_BREAK.exec(text)) {
    const breakEnd = m.index + m[0].length;
    if (breakEnd <= start) clauseStart = breakEnd;
    else if (m.index >= end) {
      clauseEnd = m.index;
      break;
    }
  }
  return { before: text.slice(clauseStart, start), clause: text.slice(clauseStart, clauseEnd) };
}

function lastWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(-n).join(' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
