import { DoubleMetaphone, JaroWinklerDistance, porterStem } from '../naturalLib';
import { SpellingCorrector } from '../spelling';

/** The punctuation the normaliser keeps as tokens; it ends a modifier's reach. */
export const PUNCTUATION = new Set([',', ';', ':', '!', '?', '.']);

/**
 * A message as the finding matcher reads it: its tokens, and for each token every lexicon word it may stand for
 * (its stem, its spelling correction, a word it sounds like, or a word it forms with the next one or two tokens),
 * each with how many tokens that reading covers.
 */
export interface MessageWords {
  tokens: string[];
  /** For each token: stem of a lexicon word → the number of tokens it covers from here. */
  forms: Map<string, number>[];
  /**
   * For each token, other whole-word readings a `word*` prefix is also tried on: the word without a clitic that is
   * written joined to it (Arabic و "and", ب "in", ال "the": وصدره is "and his chest"). Only other languages set it.
   */
  readings?: string[][];
}

export function stem(word: string): string {
  return porterStem(word);
}

/** Same sound and close spelling: "breeding" for "breathing", "pleading" for "bleeding". */
const SOUND_ALIKE_MIN_SIMILARITY = 0.8;
const SOUND_ALIKE_MIN_LENGTH = 5;
/** How many letters longer or shorter than a dictionary word a lexicon word it is heard as may be. */
const MAX_SLIP_LENGTH_CHANGE = 2;
/** Speech recognition splits a word it does not know into words it does: "a pixa ban" for apixaban. */
const JOIN_MAX_TOKENS = 3;
const JOIN_MIN_LENGTH = 6;
const CACHE_LIMIT = 20000;
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Reads messages against a lexicon's words. `lexiconWords` are the single words the lexicon uses (as written);
 * `knownWords` are other words of the language we know are real (training phrases), which are never re-read as
 * a lexicon word by sound or by spelling; `neverJoined` are words a split-word reading never runs across
 * (`neverJoined` in content/red-flags/lexicon.yaml). `isWord` says a word is in the language's dictionary: such a
 * word is spelt as meant and is never "corrected" into a lexicon word ("overdue" is not "overdose"), though it may
 * still be a speech-to-text slip for one that sounds the same ("not breeding").
 */
export class WordReader {
  private readonly lexiconStems = new Set<string>();
  private readonly lexiconWords: Set<string>;
  private readonly speller: SpellingCorrector;
  private readonly sounds = new Map<string, string[]>();
  private readonly known: Set<string>;
  private readonly cache = new Map<string, Map<string, number>>();
  private readonly metaphone = new DoubleMetaphone();

  private readonly neverJoined: ReadonlySet<string>;
  private readonly heardAsWritten: ReadonlySet<string>;

  constructor(
    lexiconWords: Iterable<string>,
    knownWords: Iterable<string> = [],
    neverJoined: Iterable<string> = [],
    private readonly isWord: (word: string) => boolean = () => false,
    heardAsWritten: Iterable<string> = [],
  ) {
    this.heardAsWritten = new Set(heardAsWritten);
    this.lexiconWords = new Set(lexiconWords);
    this.neverJoined = new Set(neverJoined);
    const metaphone = this.metaphone;
    for (const word of this.lexiconWords) {
      this.lexiconStems.add(stem(word));
      if (word.length < SOUND_ALIKE_MIN_LENGTH) continue;
      for (const code of new Set(metaphone.process(word))) {
        const list = this.sounds.get(code) ?? [];
        list.push(word);
        this.sounds.set(code, list);
      }
    }
    this.known = new Set([...knownWords, ...this.lexiconWords]);
    this.speller = new SpellingCorrector(this.lexiconWords);
  }

  /** `names` are words read only as written (people's and places' names): no spelling, sound-alike or joined reading. */
  read(normalised: string, names: ReadonlySet<string> = NO_NAMES): MessageWords {
    const tokens = normalised.split(' ').filter(Boolean);
    // A token's kept forms are shared, not copied per message (issue 16: the copies were much of understand()'s
    // garbage); one is copied only when a joined reading is added to it below, so the kept map is never changed.
    const own = new Set<number>();
    const forms = tokens.map((token, i) => {
      if (!names.has(token)) return this.formsOf(token);
      own.add(i);
      return new Map([
        [stem(token), 1],
        [token, 1],
      ]);
    });
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 2; n <= JOIN_MAX_TOKENS && i + n <= tokens.length; n++) {
        const parts = tokens.slice(i, i + n);
        if (!parts.every((p) => /^[a-z]+$/.test(p)) || parts.every((p) => this.known.has(p))) continue;
        if (parts.some((p) => names.has(p))) continue;
        // Speech recognition splits a word into syllables, not around "the" or "and": "over the sink" is not "overdose".
        if (parts.some((p) => this.neverJoined.has(p))) continue;
        const joined = parts.join('');
        if (joined.length < JOIN_MIN_LENGTH) continue;
        const word = this.lexiconWords.has(joined) ? joined : this.speller.correct(joined);
        const readings = this.lexiconWords.has(word) ? [word] : this.soundAlikes(joined);
        // A reading the first token already has on its own is kept at its own length.
        for (const reading of readings) {
          if (forms[i].has(stem(reading))) continue;
          if (!own.has(i)) {
            forms[i] = new Map(forms[i]);
            own.add(i);
          }
          forms[i].set(stem(reading), n);
        }
      }
    }
    return { tokens, forms };
  }

  private formsOf(token: string): Map<string, number> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const forms = new Map<string, number>();
    if (!PUNCTUATION.has(token)) {
      forms.set(stem(token), 1);
      forms.set(token, 1);
      if (!this.known.has(token)) {
        const corrected = this.speller.correct(token);
        if (corrected !== token && this.mayMean(token, corrected)) forms.set(stem(corrected), 1);
      }
      const soundAlikeOk = !this.lexiconWords.has(token) && !this.heardAsWritten.has(token);
      if (soundAlikeOk && token.length >= SOUND_ALIKE_MIN_LENGTH && /^[a-z]+$/.test(token)) {
        // A real word heard as a finding's word is a slip of about its length ("breeding" for "breathing"); one much
        // shorter or longer is another word that shares a few consonants ("pound" is not "poisoned"; H201).
        const real = this.isWord(token);
        for (const word of this.soundAlikes(token))
          if (!real || Math.abs(word.length - token.length) <= MAX_SLIP_LENGTH_CHANGE) forms.set(stem(word), 1);
      }
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, forms);
    return forms;
  }

  /** A dictionary word is read as a lexicon word only as a form of it ("heavily" as heavy), never another word. */
  private mayMean(token: string, corrected: string): boolean {
    return !this.isWord(token) || token.startsWith(stem(corrected));
  }

  /**
   * Lexicon words that sound the same and are spelt alike, starting with the same sound ("breeding" for "breathing",
   * "keymo" for "chemo"; not "waiting" for "fitting").
   */
  private soundAlikes(token: string): string[] {
    const out: string[] = [];
    for (const code of new Set(this.metaphone.process(token))) {
      for (const word of this.sounds.get(code) ?? []) {
        if (out.includes(word) || firstSound(word) !== firstSound(token)) continue;
        if (JaroWinklerDistance(token, word) >= SOUND_ALIKE_MIN_SIMILARITY) out.push(word);
      }
    }
    return out;
  }
}

/** Letters that start a word with the same sound, for speech recognition's spellings ("keymo" for "chemo"). */
function firstSound(word: string): string {
  const first = word.startsWith('ch') || word.startsWith('qu') ? 'k' : word.startsWith('ph') ? 'f' : word[0];
  return first === 'c' || first === 'q' ? 'k' : first;
}
