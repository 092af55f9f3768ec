/**
 * A learned cross-lingual emergency detector (issue 22, hazard H240; an experiment, not wired into understand(): see
 * docs/nlu.md, "Learned cross-lingual emergency screen"): naive Bayes over character n-grams of a message,
 * "a current emergency finding" against everything else, trained on messages labelled by the multilingual blind
 * sets' writers. Character n-grams rather than words because the 14 languages are written in six scripts and, in
 * several, romanised with no standard spelling: "saans", "sans", "saas" share their n-grams where they share no word.
 * Training is counting (no seed, no iterations), so the same examples always give the same model.
 */

export interface FindingNetExample {
  text: string;
  /** A current emergency finding (999), not negated, past, hypothetical or figurative. */
  emergency: boolean;
}

export interface FindingNetSettings {
  /** Shortest and longest n-gram, in characters, counting the space that pads each word. */
  minN: number;
  maxN: number;
  /** N-grams seen in fewer examples than this are left out (one writer's one-off wording is noise). */
  minCount: number;
}

/**
 * The message as the n-grams read it: lower case; Latin and Arabic letters without their accents and vowel marks
 * (most writers leave them out, "nie moge" for "nie mogę"), the letters that do not decompose mapped by hand; every
 * run of anything that is not a letter or digit one space. Digits stay: Arabizi writes letters with them ("3ayan").
 * Indic vowel signs are kept: they are letters of those words, not accents.
 */
export function netText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/([\p{Script=Latin}\p{Script=Arabic}])\p{M}+/gu, '$1')
    .replace(/[\u064B-\u065F\u0670]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ı/g, 'i')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/** Each distinct character n-gram of the message's words, each word padded with a space either side. */
export function netFeatures(text: string, settings: Pick<FindingNetSettings, 'minN' | 'maxN'>): string[] {
  const out = new Set<string>();
  for (const word of netText(text).split(' ')) {
    if (!word) continue;
    const chars = Array.from(` ${word} `);
    for (let n = settings.minN; n <= settings.maxN; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
    }
  }
  return [...out];
}

export class FindingNet {
  private constructor(
    /** Each n-gram's log-likelihood ratio, emergency against the rest. */
    private readonly weights: Map<string, number>,
    private readonly prior: number,
    private readonly settings: FindingNetSettings,
  ) {}

  /**
   * Counts, for each n-gram, the examples of each kind it appears in; its weight is the log ratio of those shares,
   * with add-one smoothing so an n-gram seen in only one kind is strong evidence but never infinite.
   */
  static train(examples: FindingNetExample[], settings: FindingNetSettings): FindingNet {
    const counts = new Map<string, [number, number]>();
    let emergencies = 0;
    for (const e of examples) {
      if (e.emergency) emergencies++;
      for (const f of netFeatures(e.text, settings)) {
        const c = counts.get(f) ?? [0, 0];
        c[e.emergency ? 0 : 1]++;
        counts.set(f, c);
      }
    }
    const others = examples.length - emergencies;
    if (!emergencies || !others) throw new Error('finding net examples need both kinds');
    const weights = new Map<string, number>();
    for (const [f, [yes, no]] of counts) {
      if (yes + no < settings.minCount) continue;
      weights.set(f, Math.log((yes + 1) / (emergencies + 2)) - Math.log((no + 1) / (others + 2)));
    }
    return new FindingNet(weights, Math.log(emergencies / others), settings);
  }

  /**
   * The model's score that a message tells a current emergency, as a log-odds (naive Bayes over overlapping n-grams
   * is far from calibrated, so this is a score to put a threshold on, not a probability to read).
   */
  score(text: string): number {
    let z = this.prior;
    for (const f of netFeatures(text, this.settings)) z += this.weights.get(f) ?? 0;
    return z;
  }

  /** The n-grams with weights, for keeping a trained model. */
  toJSON(): { prior: number; weights: [string, number][]; settings: FindingNetSettings } {
    return { prior: this.prior, weights: [...this.weights], settings: this.settings };
  }
}
