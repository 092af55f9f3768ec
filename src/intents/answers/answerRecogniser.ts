/* eslint-disable @typescript-eslint/no-require-imports -- natural's tokenizer has no ES entry point */
import type NaturalModule from 'natural';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { PorterStemmer } from '../naturalLib';
import { loadLanguages } from '../language/languages';

const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer') as {
  WordTokenizer: typeof NaturalModule.WordTokenizer;
};

export type Answer = 'yes' | 'no' | 'not_sure';

const phrases = z.array(z.string().min(1)).min(1);
const answersSchema = z.object({
  review: reviewSchema,
  fillers: z.array(z.string().min(1)),
  notSure: phrases,
  no: phrases,
  yes: phrases,
  negators: phrases,
  contrasts: phrases,
  reassurances: phrases,
  /** Said straight before the thing asked about, these say it is all right ("no problem breathing"). */
  reassurancesBefore: z.array(z.string().min(1)).default([]),
});
type AnswerWords = z.infer<typeof answersSchema>;

let answerWords: AnswerWords | undefined;
/** content/triage/answers.yaml, read once: every prompt's recogniser shares it. */
export function loadAnswerWords(): AnswerWords {
  return (answerWords ??= readContentFile('triage/answers.yaml', answersSchema));
}

/** Words too common to show that a "but ..." clause is about what was asked. */
const STOP = new Set(
  'a an the and or of to in on at is are was were be been has have had do does did he she they it its his her their i im my me you your we our this that there any anyone someone now right just very really up down from with than more all so for as by out off over much still bit little one when what where which who why how can could would should will shall'.split(
    ' ',
  ),
);

/** Who a yes like "he is" / "i am" is about: followed by a reassurance it says they are all right. */
const PERSONS = new Set(['i', 'he', 'she', 'they', 'it']);

/** "his breathing is fine", "lips were normal": the verb between a thing and the word saying it is all right. */
const LINKING_VERBS = new Set(['is', 'are', 'was', 'were', 'seems', 'looks', 'feels', 'sounds', 'been']);

/** Verbs of a call back ("ring me back", "call back"). */
const CALL_VERBS = new Set(['call', 'ring', 'phone', 'get']);

/** Words that name what someone is unsure of ("not sure of her …", "dont know his …"), rather than whether. */
const UNSURE_OF = new Set(['of', 'his', 'her', 'their', 'my', 'your', 'the']);
/** Where the thing someone is unsure of ends: "not sure of her date of birth but she is breathing". */
const OBJECT_ENDS = new Set(['but', 'and', 'though', 'although', 'so', 'because', 'yet']);

/** "she hasnt", "they dont": a negative this short is the whole answer, not part of a description. */
const SHORT_ANSWER = 3;

interface Cue {
  answer: Answer;
  start: number;
  end: number;
}

const tokenizer = new WordTokenizer();

/** Lower case, apostrophes dropped ("don't" → "dont"), then natural's word tokenizer. */
export function tokens(text: string): string[] {
  return tokenizer.tokenize(text.toLowerCase().replace(/['’‘`]/g, '')) ?? [];
}

/**
 * Words in any served language (issue 22): folded as the red-flag screens fold them (no accents, one spelling of each
 * letter), apostrophes dropped, split on anything that is not a letter, mark or digit, so "Nie wiem", "nie wiem" and
 * "معلوم نہیں" are words as "dont know" is. English words come out as `tokens` gives them.
 */
export function foldedTokens(text: string): string[] {
  return loadLanguages()
    .fold(text.replace(/['’‘`]/g, ''))
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/** How a recogniser splits text into words: English `tokens`, or `foldedTokens` for a conversation in another language. */
export type Tokenise = (text: string) => string[];

function stems(words: string[]): Set<string> {
  return new Set(words.filter((w) => !STOP.has(w) && w.length > 1).map((w) => PorterStemmer.stem(w)));
}

/**
 * Reads a yes / no / not-sure answer as people give it ("nah", "yeah he is", "not that I know of", "dunno", "no but his
 * lips are blue"), from the word lists in content/triage/answers.yaml. Undefined when the answer holds no cue at all
 * (the person said something else): the caller asks again or treats it as not sure.
 */
export class AnswerRecogniser {
  private readonly lists: [Answer, string[][]][];
  private readonly fillers: Set<string>;
  private readonly negators: Set<string>;
  private readonly contrasts: string[][];
  private readonly reassurances: string[][];
  private readonly reassurancesBefore: string[][];

  constructor(
    words: AnswerWords,
    private readonly tokenise: Tokenise = tokens,
  ) {
    // Ties at the same length go to the more cautious reading: not sure, then no, then yes.
    this.lists = [
      ['not_sure', words.notSure.map(this.tokenise)],
      ['no', words.no.map(this.tokenise)],
      ['yes', words.yes.map(this.tokenise)],
    ];
    this.fillers = new Set(words.fillers);
    this.negators = new Set(words.negators);
    this.contrasts = words.contrasts.map(this.tokenise);
    this.reassurances = words.reassurances.map(this.tokenise);
    this.reassurancesBefore = words.reassurancesBefore.map(this.tokenise);
  }

  static load(): AnswerRecogniser {
    return new AnswerRecogniser(loadAnswerWords());
  }

  /**
   * English and another language's answer words together (content/prompts/locales/<code>.yaml `answers`): a person
   * answering in Polish may still say "yes". Both are read as folded words.
   */
  static withWords(more: Pick<AnswerWords, 'yes' | 'no' | 'notSure' | 'negators'>): AnswerRecogniser {
    const english = loadAnswerWords();
    return new AnswerRecogniser(
      {
        ...english,
        yes: [...english.yes, ...more.yes],
        no: [...english.no, ...more.no],
        notSure: [...english.notSure, ...more.notSure],
        negators: [...english.negators, ...more.negators],
      },
      foldedTokens,
    );
  }

  /** `question` is what was asked, so "no, but <the thing asked about>" can be read as yes. */
  recognise(answer: string, question = ''): Answer | undefined {
    const words = this.tokenise(answer);
    // Fillers only where they open the answer: "so" also ends "I think so".
    while (words.length > 1 && this.fillers.has(words[0])) words.shift();
    const cues = this.cues(words).filter(
      (c) => c.answer !== 'not_sure' || this.unsureOfQuestion(words, c.end, question),
    );
    if (cues.some((c) => c.answer === 'not_sure')) return 'not_sure';
    const first = cues[0];
    if (!first) return this.withoutCue(words, question);
    if (first.answer === 'yes') {
      // "he is not", "she has never": a yes-word negated straight after is a no.
      const next = words.slice(first.end, first.end + 2);
      if (next.some((w) => this.negators.has(w))) return 'no';
      // "he is safe right now", "she is fine": a person and a verb that go on to say all is well are not a yes.
      const saysWho = first.end - first.start === 2 && PERSONS.has(words[first.start]);
      // "she is breathing ok": the thing asked about between them and the word saying it is all right.
      if (!saysWho || !(this.reassured(words, first.end) || this.reassured(words, first.end + 1))) return 'yes';
      return this.contrastSaysYes(words, first.end, question) ? 'yes' : 'no';
    }
    return this.contrastSaysYes(words, first.end, question) ? 'yes' : 'no';
  }

  /**
   * No yes/no word: "she hasnt" is a no, but "he can't catch his breath" describes the very thing asked about, and a
   * negative inside a description is not an answer. A description that shares words with the question answers yes,
   * unless each shared word is said to be all right ("he's breathing okay, just in agony"): that is a no.
   */
  private withoutCue(words: string[], question: string): Answer | undefined {
    const negated = words.some((w) => this.negators.has(w));
    if (negated && words.length <= SHORT_ANSWER) return 'no';
    // A negative is not a shared subject: "he's not distressed" says nothing about "bleeding that will not stop".
    const asked = stems(this.tokenise(question).filter((w) => !this.negators.has(w)));
    // "Call back on 07…", "ring me back": the back of a call back is not the back a question asks about.
    const callBack = (i: number) =>
      words[i] === 'back' && (CALL_VERBS.has(words[i - 1]) || (words[i - 1] === 'me' && CALL_VERBS.has(words[i - 2])));
    const shared = words
      .map((w, i) => ({ w, i }))
      .filter(({ w, i }) => !this.negators.has(w) && !callBack(i) && stems([w]).size && asked.has([...stems([w])][0]));
    if (!shared.length) return undefined;
    return shared.every(({ i }) => this.reassured(words, i + 1) || this.clearedBefore(words, i)) ? 'no' : 'yes';
  }

  /**
   * "Not sure of her date of birth", "dont know his NHS number": unsure of a thing named straight after, which shares
   * no word with the question, is not unsure of what was asked (issue 16). "Not sure", "not sure if he is breathing"
   * and "not sure about his breathing" are.
   */
  private unsureOfQuestion(words: string[], end: number, question: string): boolean {
    if (!question || !UNSURE_OF.has(words[end])) return true;
    const asked = stems(this.tokenise(question));
    const until = words.findIndex((w, i) => i > end && OBJECT_ENDS.has(w));
    return [...stems(words.slice(end, until < 0 ? undefined : until))].some((stem) => asked.has(stem));
  }

  /** Whether the words just before `at` say what follows is all right ("no problem breathing", "no trouble"). */
  private clearedBefore(words: string[], at: number): boolean {
    return this.reassurancesBefore.some((r) => r.every((w, k) => words[at - r.length + k] === w));
  }

  /** Whether a reassurance follows `at` straight away or after a verb ("breathing fine", "his breathing is fine"). */
  private reassuredAfter(words: string[], at: number): boolean {
    return this.reassured(words, at + 1) || (LINKING_VERBS.has(words[at + 1]) && this.reassured(words, at + 2));
  }

  /** Whether the words from `at` say what came before is all right ("okay", "fine", "as usual"). */
  private reassured(words: string[], at: number): boolean {
    return this.reassurances.some((r) => r.every((w, k) => words[at + k] === w));
  }

  /** Non-overlapping cues, left to right, the longest phrase at each place. */
  private cues(words: string[]): Cue[] {
    const found: Cue[] = [];
    for (let i = 0; i < words.length;) {
      let best: Cue | undefined;
      for (const [answer, list] of this.lists) {
        for (const phrase of list) {
          if (phrase.length && phrase.every((w, k) => words[i + k] === w)) {
            if (!best || phrase.length > best.end - best.start) best = { answer, start: i, end: i + phrase.length };
          }
        }
      }
      if (best) {
        found.push(best);
        i = best.end;
      } else i++;
    }
    return found;
  }

  /** "no, but his lips are blue" to a question about blue lips: what follows the contrast is the thing asked about. */
  private contrastSaysYes(words: string[], from: number, question: string): boolean {
    if (!question) return false;
    for (let i = from; i < words.length; i++) {
      const contrast = this.contrasts.find((c) => c.every((w, k) => words[i + k] === w));
      if (!contrast) continue;
      const asked = stems(this.tokenise(question));
      // A word of the question said to be all right is not the thing asked about: "no, a cough but no problem
      // breathing", "no, but his breathing is fine".
      for (let j = i + contrast.length; j < words.length; j++) {
        const [stem] = stems([words[j]]);
        if (stem && asked.has(stem) && !this.clearedBefore(words, j) && !this.reassuredAfter(words, j)) return true;
      }
      return false;
    }
    return false;
  }
}
