import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR, readContentFile, reviewSchema } from '../../content/readContentFile';
import { CALIBRATION_CACHE_DIR } from '../calibrationCache';

/**
 * A learned cross-lingual emergency detector (issue 22, hazard H240): naive Bayes over character n-grams of a message,
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

const settingsSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  category: z.string().min(1),
  threshold: z.number(),
  minN: z.number().int().min(1),
  maxN: z.number().int().min(1),
  minCount: z.number().int().min(1),
});
export type FindingNetContent = z.infer<typeof settingsSchema>;

const exampleSchema = z.object({ text: z.string().min(1), emergency: z.boolean() });

export class FindingNet {
  private constructor(
    /** Each n-gram's log-likelihood ratio, emergency against the rest. */
    private readonly weights: Map<string, number>,
    private readonly prior: number,
    private readonly settings: FindingNetSettings,
  ) {}

  /**
   * From content/red-flags/finding-net.yaml and the examples beside it. Training takes a second or two, so the weights
   * are kept under .cache/understander/, named by a hash of the examples, the settings and this code: any change
   * trains afresh, and the same inputs give the same model.
   */
  static load(cacheDir = CALIBRATION_CACHE_DIR): { net: FindingNet; content: FindingNetContent } {
    const content = readContentFile('red-flags/finding-net.yaml', settingsSchema);
    const settings = { minN: content.minN, maxN: content.maxN, minCount: content.minCount };
    const examplesText = readFileSync(path.join(CONTENT_DIR, 'red-flags', 'finding-net', 'examples.jsonl'), 'utf8');
    const hash = createHash('sha256').update(examplesText).update(JSON.stringify(settings));
    const file = path.join(
      cacheDir,
      `finding-net-${hash.update(readFileSync(__filename)).digest('hex').slice(0, 32)}.json`,
    );
    const kept = readKept(file);
    if (kept) return { net: new FindingNet(new Map(kept.weights), kept.prior, settings), content };
    const examples = examplesText
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        const parsed = exampleSchema.safeParse(JSON.parse(l));
        if (!parsed.success) throw new Error(`content/red-flags/finding-net/examples.jsonl:${i + 1}: invalid`);
        return parsed.data;
      });
    const net = FindingNet.train(examples, settings);
    writeKept(file, net.toJSON());
    return { net, content };
  }

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

interface KeptNet {
  prior: number;
  weights: [string, number][];
}

function readKept(file: string): KeptNet | undefined {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptNet;
    const valid =
      Number.isFinite(kept.prior) &&
      Array.isArray(kept.weights) &&
      kept.weights.every((w) => typeof w[0] === 'string' && Number.isFinite(w[1]));
    return valid ? kept : undefined;
  } catch {
    return undefined;
  }
}

function writeKept(file: string, kept: KeptNet): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a start reading it at the same moment never sees half a file.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, JSON.stringify(kept));
    renameSync(aside, file);
  } catch {
    // A read-only install trains at each start.
  }
}

/** The id of a 999 hit the learned screen raised (no rule matched), on the queue item and in the audit. */
export const LEARNED_EMERGENCY = 'learned_emergency';

/**
 * The learned screen's second look (hazard H240): a message the deterministic screens found no emergency in, that is
 * not identified as English (the net never learnt English, and the English screen is measured on its own sets), and
 * that the net scores at or above the threshold, gets the 999 advice in the language it is identified as, then in
 * English. The language is identified only for a message the net would lift (most messages: none). A message whose
 * language no screen serves, or cannot be told (romanised Somali is often taken for Tagalog), gets the English 999
 * advice: the net learnt it from the served languages' messages, so it is one of them, written in a way the
 * identifier does not know.
 */
export function learnedLift(
  learned: { net: FindingNet; content: FindingNetContent },
  text: string,
  languageOf: () => string,
  screens: {
    screens: readonly { language: string; emergencyMessage: { text: string; speak?: string } }[];
    englishEmergency: { text: string; speak?: string };
  },
): LearnedHit | undefined {
  if (learned.net.score(text) < learned.content.threshold) return undefined;
  const language = languageOf();
  if (language === 'en') return undefined;
  const screen = screens.screens.find((s) => s.language === language);
  const message = screen?.emergencyMessage ?? screens.englishEmergency;
  return {
    id: LEARNED_EMERGENCY,
    category: learned.content.category,
    disposition: 'emergency_999',
    message: message.text,
    ...(message.speak ? { speak: message.speak } : {}),
    source: learned.content.source,
    because: [],
    // Marks the hit as another language's, so the English classifier never sets it aside as said in passing;
    // "und" when it cannot be told, for the interpreter note.
    language,
  };
}

export interface LearnedHit {
  id: typeof LEARNED_EMERGENCY;
  category: string;
  disposition: 'emergency_999';
  message: string;
  speak?: string;
  source: string;
  because: string[];
  language: string;
}
