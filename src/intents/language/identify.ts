import { loadEld, type Eld } from './eld';
import { loadLanguages, scriptsOf, type Languages } from './languages';

/** What language a message is in, as far as we can tell, and whether we serve it. */
export interface LanguageGuess {
  /** ISO 639-1 code ("pl"), "en", or "und" when there is nothing to go on (digits, emoji). */
  code: string;
  /** A language of content/languages/languages.yaml (not English). */
  served: boolean;
  /** How we know: its script, eld's n-grams, our marker words (Somali), or the browser's language. */
  by: 'script' | 'eld' | 'markers' | 'locale' | 'none';
  /** eld found the answer reliable (always true for a script of one served language). */
  reliable: boolean;
}

const SCRIPT_LANGUAGE: Record<string, string> = { gurmukhi: 'pa', bengali: 'bn', gujarati: 'gu', tamil: 'ta' };
/** Letters Urdu (and Shahmukhi Panjabi) writes and Arabic does not. */
const URDU_LETTERS = /[ٹڈڑںےھگچپژہیک]/u;
const MARKUP_TAG = /<\/?[a-z][^<>]*>/giu;

/**
 * Language identification for short messages: the script first (Gurmukhi, Bengali, Gujarati and Tamil each stand for
 * one language we serve; Arabic script is Arabic or Urdu), then eld (Efficient Language Detector) for the Latin
 * script, then our Somali marker words (eld has no Somali). `hint` is the browser's language (a Direct Line activity's
 * locale, "pl-PL"): used when the text alone is not reliable.
 */
export class LanguageIdentifier {
  private readonly eld: Eld;
  private readonly languages: Languages;
  private readonly markers: Map<string, Set<string>>;
  private readonly romanisedWords: Map<string, Set<string>>;

  constructor() {
    this.eld = loadEld().eld;
    this.languages = loadLanguages();
    this.markers = new Map(Object.entries(this.languages.content.markers).map(([code, w]) => [code, new Set(w)]));
    this.romanisedWords = new Map(
      Object.entries(this.languages.content.romanised).map(([code, w]) => [code, new Set(w)]),
    );
  }

  identify(message: string, hint?: string): LanguageGuess {
    // Markup is not language: eld reads the tag names of "<script>alert(1)</script>" as Romanian.
    const text = message.replace(MARKUP_TAG, ' ');
    const hinted = hint?.toLowerCase().split(/[-_]/)[0];
    const served = (code: string) => this.languages.byCode.has(code);
    const scripts = scriptsOf(text);
    for (const script of scripts) {
      const code = SCRIPT_LANGUAGE[script];
      if (code) return { code, served: true, by: 'script', reliable: true };
    }
    if (scripts.has('arabic')) {
      if (hinted === 'ar' || hinted === 'ur') return { code: hinted, served: true, by: 'locale', reliable: true };
      return { code: URDU_LETTERS.test(text) ? 'ur' : 'ar', served: true, by: 'script', reliable: true };
    }
    if (!/\p{L}/u.test(text)) {
      return hinted && served(hinted)
        ? { code: hinted, served: true, by: 'locale', reliable: false }
        : { code: 'und', served: false, by: 'none', reliable: false };
    }
    const result = this.eld.detect(text);
    const code = result.language || 'und';
    const reliable = result.isReliable();
    // Romanised South Asian languages look like English, another language or none to eld: their common words decide
    // unless eld is sure of a served language.
    if (code === 'en' || !served(code) || !reliable) {
      const romanised = this.romanised(text);
      if (romanised) return { code: romanised, served: true, by: 'markers', reliable: true };
      // Somali with an English word or two ("heart attack ayay qabtay") is English to eld, and not surely so: its
      // marker words decide, as for a language eld does not know.
      if (code === 'en' && !reliable) {
        const marked = this.marked(text);
        if (marked) return { code: marked, served: true, by: 'markers', reliable: true };
      }
    }
    if (code === 'en' || served(code)) {
      if (!reliable && hinted && (hinted === 'en' || served(hinted)) && hinted !== code) {
        const scores = result.getScores();
        if ((scores[hinted] ?? 0) > 0) return { code: hinted, served: hinted !== 'en', by: 'locale', reliable: false };
      }
      return { code, served: code !== 'en', by: 'eld', reliable };
    }
    const marked = this.marked(text);
    if (marked) return { code: marked, served: true, by: 'markers', reliable: true };
    if (hinted && served(hinted)) return { code: hinted, served: true, by: 'locale', reliable: false };
    return { code, served: false, by: 'eld', reliable };
  }

  /** A served language eld does not know, by its common words: two of them, or one of seven letters or more. */
  private marked(text: string): string | undefined {
    const words = this.languages.fold(text).split(/[^\p{L}]+/u);
    for (const [code, list] of this.markers) {
      const hits = words.filter((w) => list.has(w));
      if (hits.length >= 2 || hits.some((w) => w.length >= 7)) return code;
    }
    return undefined;
  }

  /** A language typed in Latin letters, by two different words of its list (languages.yaml `romanised`). */
  private romanised(text: string): string | undefined {
    const words = new Set(this.languages.fold(text.toLowerCase()).split(/[^\p{L}]+/u));
    let best: { code: string; hits: number } | undefined;
    for (const [code, list] of this.romanisedWords) {
      let hits = 0;
      for (const w of words) if (list.has(w)) hits++;
      if (hits >= 2 && (!best || hits > best.hits)) best = { code, hits };
    }
    return best?.code;
  }
}
