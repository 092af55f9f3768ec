import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { regexSource } from '../clinicalRules';
import type { Finding } from './findFindings';

export const asideSchema = (intents: readonly string[]) =>
  z.object({
    review: reviewSchema,
    /** Intents whose messages are about something other than a health problem, each with the confidence it needs. */
    minConfidence: z.record(
      z.string().refine((i) => intents.includes(i), { message: 'is not an intent' }),
      z.number().min(0).max(1),
    ),
    minWords: z.number().int().min(1),
    /** Findings too general to say anything on their own ("a health worry", "pain or distress"). */
    generic: z.array(z.string()).default([]),
    /** Words that put an event in the present: a message with any is never an aside. */
    now: z.array(regexSource).min(1),
    /**
     * The only findings that may be set aside: words that also name a thing or a past event. Any other finding (a
     * sign seen in the person) keeps its 999 whatever the message is about.
     */
    mayBeAside: z.array(z.string()).default([]),
    /** Rules whose 999 is never set aside, however the message reads. */
    neverAside: z.array(z.string()).default([]),
  });
export type AsideContent = z.infer<ReturnType<typeof asideSchema>>;

interface Hit {
  id: string;
  disposition: string;
  because: string[];
  /** Set when another language's screen found it. */
  language?: string;
}

/**
 * An emergency word said in passing in a message about something else (content/red-flags/aside.yaml): the 999 hits
 * that rest on it are set aside. Everything else is kept, and so are the findings: the message stays clinical, so the
 * danger-sign questions still come first.
 */
export class AsideMention {
  private readonly minConfidence: Map<string, number>;
  private readonly generic: Set<string>;
  private readonly neverAside: Set<string>;
  private readonly mayBeAside: Set<string>;
  private readonly now: RegExp[];

  constructor(private readonly content: AsideContent) {
    this.minConfidence = new Map(Object.entries(content.minConfidence));
    this.generic = new Set(content.generic);
    this.neverAside = new Set(content.neverAside);
    this.mayBeAside = new Set(content.mayBeAside);
    this.now = content.now.map((source) => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`));
  }

  static load(intents: readonly string[]): AsideMention {
    return new AsideMention(readContentFile('red-flags/aside.yaml', asideSchema(intents)));
  }

  /** The hits to act on: `hits` less the 999 hits that are an aside. */
  keep<H extends Hit>(
    hits: H[],
    findings: Finding[],
    read: { normalised: string; intent: string; confidence: number; words: number },
  ): H[] {
    const emergencies = hits.filter((h) => h.disposition === 'emergency_999');
    if (!emergencies.length) return hits;
    // The classifier reads English: to it a message in another language is "none", whatever it says.
    if (hits.some((h) => h.language)) return hits;
    const needed = this.minConfidence.get(read.intent);
    if (needed === undefined || read.confidence < needed) return hits;
    if (read.words < this.content.minWords) return hits;
    if (this.now.some((re) => re.test(read.normalised))) return hits;
    if (emergencies.some((h) => h.because.length !== 1 || this.neverAside.has(h.id))) return hits;
    const specific = new Set(findings.filter((f) => f.current && !this.generic.has(f.id)).map((f) => f.id));
    if (specific.size !== 1) return hits;
    const [only] = specific;
    if (!this.mayBeAside.has(only) || !emergencies.every((h) => h.because[0] === only)) return hits;
    return hits.filter((h) => h.disposition !== 'emergency_999');
  }
}
