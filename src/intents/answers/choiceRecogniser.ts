import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { JaroWinklerDistance } from '../naturalLib';
import { AnswerRecogniser, tokens, type Answer, type Tokenise } from './answerRecogniser';
import { dateFeatures, fitsDate, saysWhen, type DateFeatures } from './dateFeatures';

const phrases = z.array(z.string().min(1));
const explained = { explain: z.string().min(1), explainSpeak: z.string().min(1) };
const choicesSchema = z.object({
  review: reviewSchema,
  ordinals: z.array(phrases.min(1)).min(1),
  last: phrases.min(1),
  negators: phrases.min(1),
  refusals: phrases.default([]),
  prompts: z.record(
    z.string(),
    z.object({
      ...explained,
      extras: phrases.optional(),
      /** Words of no preference ("any", "whichever is easier", "the soonest"): the first offered of those that fit. */
      noPreference: phrases.optional(),
      options: z.record(z.string(), phrases),
    }),
  ),
  confirm: z
    .record(
      z.string(),
      z.object({
        notSure: z.enum(['yes', 'no', 'ask']),
        ...explained,
        answeredBy: z.object({ yes: phrases, no: phrases }).partial().optional(),
        acceptedBy: phrases.optional(),
        /** Said with an accepting word, these keep things as they are ("that's fine as it is"): not a yes. */
        keptBy: phrases.optional(),
        /** "Either is fine", "whichever is easier": a day or time said with these does not ask for another. */
        noPreference: phrases.optional(),
      }),
    )
    .refine((c) => 'default' in c, 'a default entry is needed'),
  topicChange: phrases.min(1),
});
export type ChoiceWords = z.infer<typeof choicesSchema>;

/** What an answer to a choice question was: one option, several that fit ("Thursday" of two Thursday times), or "not sure". */
export type ChoiceReading =
  /** `coverage`: how much of the answer the option's words take up (1 = nothing else was said). */
  | { kind: 'choice'; index: number; how: 'said' | 'ordinal' | 'date'; coverage?: number }
  | { kind: 'several'; indices: number[] }
  | { kind: 'not_sure' }
  /** The answer names a day or time none of the options is at ("can I have Friday?" when Friday is not offered). */
  | { kind: 'other_time'; features: DateFeatures };

/** A word at least this close (Jaro-Winkler) to a phrase's word counts as it, misspelt ("thursdy", "moring"). */
const SPELLING_MIN_SIMILARITY = 0.9;
const MIN_SPELLING_LENGTH = 5;
/** An exact word outweighs a misspelt one, so "the patients daughter" beats "the patient". */
const MISSPELT_WEIGHT = 0.9;
const POSSESSIVE_WEIGHT = 0.95;

type Phrase = string[];

/**
 * One recogniser for every choice the bot offers: role, yes/no, time slots, visit lists, menus, needs. It reads
 * paraphrases and partial answers from each prompt's words in content/prompts/choices.yaml ("it's for me", "my mum",
 * "I'm her daughter"), an option's own words, ordinals ("the second one", "the last one"), days, dates and times that
 * fit one offered option ("Thursday's", "the 10 o'clock", "friday morning"), and "not sure" / "I don't know" (from
 * content/triage/answers.yaml). Words are compared as natural tokenises them, allowing close misspellings.
 */
export class ChoiceRecogniser {
  private readonly ordinals: Phrase[][];
  private readonly last: Phrase[];
  private readonly negators: Set<string>;
  private readonly topicChange: Phrase[];
  private readonly answers: AnswerRecogniser;
  /** Words that refuse an offer ("nah", "nope", "neither"): never an acceptance, whatever else is said. */
  private readonly refusals: Set<string>;

  constructor(
    private readonly words: ChoiceWords,
    answers = AnswerRecogniser.load(),
    private readonly tokenise: Tokenise = tokens,
    /** Words for a label whatever the prompt: a button's label in the conversation's language ("Tak" for "Yes"). */
    private readonly labelWords: Record<string, string[]> = {},
  ) {
    this.ordinals = words.ordinals.map((list) => list.map(tokenise));
    this.last = words.last.map(tokenise);
    this.negators = new Set(words.negators);
    this.topicChange = words.topicChange.map(tokenise);
    this.answers = answers;
    this.refusals = new Set(words.refusals);
  }

  private static loaded?: ChoiceRecogniser;
  /** content/prompts/choices.yaml, read once. */
  static load(): ChoiceRecogniser {
    return (ChoiceRecogniser.loaded ??= new ChoiceRecogniser(readContentFile('prompts/choices.yaml', choicesSchema)));
  }

  /** content/prompts/choices.yaml's words, for a recogniser that adds another language's (src/language/). */
  static englishWords(): ChoiceWords {
    return ChoiceRecogniser.load().words;
  }

  /** How a prompt is put another way after two misses (its own wording, or undefined for the generic one). */
  explanation(promptId: string): { text: string; speak: string } | undefined {
    const p = this.words.prompts[promptId] ?? this.words.confirm[promptId];
    return p && { text: p.explain, speak: p.explainSpeak };
  }

  confirmPolicy(promptId: string) {
    return this.words.confirm[promptId] ?? this.words.confirm.default;
  }

  /** Whether a message drops what is being done for something else ("actually", "instead"). */
  changesTopic(text: string): boolean {
    const said = this.tokenise(text);
    return this.topicChange.some((phrase) => findPhrase(said, phrase, 0) !== undefined);
  }

  /**
   * A yes / no question that the person's own words have answered before it was asked ("I want to make a complaint"
   * answers "would you like this handled as a formal complaint?"), from the prompt's `answeredBy` words; undefined when
   * they have not, or say both.
   */
  answeredAlready(promptId: string, text: string): 'yes' | 'no' | undefined {
    const by = this.words.confirm[promptId]?.answeredBy;
    const said = tokens(text);
    // Whole words only: a close misspelling would read "complaint" as "compliment".
    const says = (list: string[] | undefined) =>
      (list ?? []).map(tokens).some((phrase) => said.some((_, i) => phrase.every((w, k) => said[i + k] === w)));
    const yes = says(by?.yes);
    const no = says(by?.no);
    return yes === no ? undefined : yes ? 'yes' : 'no';
  }

  /**
   * Whether an answer accepts the offer the prompt made ("Thank you very much", "that'll do", "either morning or
   * afternoon is fine, whichever is easier" to "Shall I move your visit to then?"): one of the prompt's `acceptedBy`
   * phrases, whole words, and nothing that refuses or keeps the visit outside it ("no", "not", "nah", "but", "leave it
   * as it is"). An answer that names a day or time accepts only when that fits the time `offered` (the question's own
   * words) or says it has no preference ("either", "whichever"): "Friday is fine" to a Thursday is not a yes.
   */
  acceptsOffer(promptId: string, text: string, offered = '', when?: { now: Date; timeZone: string }): boolean {
    const policy = this.words.confirm[promptId];
    if (!policy?.acceptedBy) return false;
    const said = tokens(text);
    const at = (list: string[]) =>
      list.map(tokens).flatMap((phrase) => {
        const found: number[] = [];
        said.forEach((_, i) => {
          if (phrase.every((w, k) => said[i + k] === w)) for (let k = 0; k < phrase.length; k++) found.push(i + k);
        });
        return found;
      });
    const accepting = new Set(at(policy.acceptedBy));
    if (accepting.size === 0) return false;
    const outside = said.filter((_, i) => !accepting.has(i));
    if (outside.some((w) => this.negators.has(w) || w === 'but' || this.refusals.has(w))) return false;
    if (at(policy.keptBy ?? []).length > 0) return false;
    if (!when) return true;
    const wanted = dateFeatures(text, when.now, when.timeZone);
    if (!saysWhen(wanted)) return true;
    if (at(policy.noPreference ?? []).length > 0) return true;
    const offer = dateFeatures(offered, when.now, when.timeZone);
    return !!offer && fitsDate(wanted!, offer);
  }

  /** Whether the words say any of a prompt's options will do ("any morning next week is ok", "whichever is soonest"). */
  saysNoPreference(promptId: string, text: string): boolean {
    const said = this.tokenise(text);
    return (this.words.prompts[promptId]?.noPreference ?? []).some((p) => this.matchScore(said, this.tokenise(p)) > 0);
  }

  /** A yes / no / not-sure answer, read the same way as the danger-sign questions. */
  yesNo(text: string, question = ''): Answer | undefined {
    return this.answers.recognise(text, question);
  }

  /**
   * Which of `options` (the labels on the buttons) the answer means. `now` and `timeZone` place "today" and
   * "tomorrow"; `promptId` names the prompt's words in content. `anyWillDo`: whether "any" or "whichever is easier"
   * may choose (a list of free times, not a list of visits, where "any" chooses nothing).
   */
  recognise(
    text: string,
    options: string[],
    promptId: string,
    when: { now: Date; timeZone: string },
    anyWillDo = true,
  ): ChoiceReading | undefined {
    const said = this.tokenise(text);
    if (said.length === 0) return undefined;
    const prompt = this.words.prompts[promptId];
    const extras = new Set((prompt?.extras ?? []).map((e) => e.toLowerCase()));

    // The label itself, however it is cased or punctuated ("myself", "Keep my visit").
    const exact = options.findIndex((o) => this.tokenise(o).join(' ') === said.join(' '));
    if (exact >= 0) return { kind: 'choice', index: exact, how: 'said', coverage: 1 };
    // "The same day but the morning", "whichever is soonest after that": a day placed against the visit being moved,
    // which no offered time's words or place can answer ("soonest" is not the first one offered).
    const wanted = dateFeatures(text, when.now, when.timeZone);
    if (wanted?.fromVisit && options.some((o) => dateFeatures(o, when.now, when.timeZone)))
      return { kind: 'other_time', features: wanted };

    const byWords = this.byWords(said, options, prompt?.options ?? {});
    // "None of those, what about Monday?": a day asked for outweighs an extra ("Keep my visit").
    const extraButWhen =
      byWords?.kind === 'choice' &&
      extras.has(options[byWords.index].toLowerCase()) &&
      saysWhen(dateFeatures(text, when.now, when.timeZone));
    if (byWords?.kind === 'choice' && !extraButWhen) return byWords;

    const listed = options.map((o, i) => [o, i] as const).filter(([o]) => !extras.has(o.toLowerCase()));
    const byDate = this.byDate(text, listed, when);
    // "Any morning is fine", "whichever is soonest": no preference among the times that fit, so the soonest of them
    // (options are offered soonest first).
    const noPreference =
      anyWillDo && (prompt?.noPreference ?? []).some((p) => this.matchScore(said, this.tokenise(p)) > 0);
    if (noPreference && byDate?.kind === 'several') return { kind: 'choice', index: byDate.indices[0], how: 'date' };
    if (noPreference && !byDate && !byWords && listed.length)
      return { kind: 'choice', index: listed[0][1], how: 'ordinal' };
    if (byDate && (byDate.kind !== 'other_time' || !onlyADay(byDate.features))) return byDate;
    if (byWords && !extraButWhen) return byWords;

    // "The 2nd" is the second option when no option is on the 2nd; the 2 of "2/11/45" or "2 nov 1945" is not.
    const byPlace = this.byPlace(
      this.tokenise(withoutFigures(text)),
      listed.map(([, i]) => i),
    );
    if (byPlace !== undefined) return { kind: 'choice', index: byPlace, how: 'ordinal' };
    if (byDate) return byDate;
    if (this.answers.recognise(text) === 'not_sure') return { kind: 'not_sure' };
    return undefined;
  }

  /** The option whose words (its label or a phrase for it) match most of the answer, longest match first. */
  private byWords(said: string[], options: string[], synonyms: Record<string, string[]>): ChoiceReading | undefined {
    const phrasesOf = (label: string) =>
      [label, ...(synonyms[label] ?? []), ...(this.labelWords[label] ?? [])].map(this.tokenise);
    const scores = options.map((label) => Math.max(0, ...phrasesOf(label).map((p) => this.matchScore(said, p))));
    const best = Math.max(...scores);
    if (best <= 0) return undefined;
    const top = scores.flatMap((s, i) => (s >= best - 0.01 ? [i] : []));
    return top.length === 1
      ? { kind: 'choice', index: top[0], how: 'said', coverage: coverage(said, phrasesOf(options[top[0]])) }
      : { kind: 'several', indices: top };
  }

  /** The weight of the phrase where it occurs in the answer, not negated ("not me" is not "me"); 0 if nowhere. */
  private matchScore(said: string[], phrase: Phrase): number {
    let best = 0;
    for (let from = 0; from < said.length; from++) {
      const found = findPhrase(said, phrase, from);
      if (!found) break;
      from = found.start;
      if (!this.negators.has(said[found.start - 1] ?? '')) best = Math.max(best, found.weight);
    }
    return best;
  }

  /** Options whose day, date and time fit all the answer says about them. */
  private byDate(
    text: string,
    listed: (readonly [string, number])[],
    when: { now: Date; timeZone: string },
  ): ChoiceReading | undefined {
    const wanted = dateFeatures(text, when.now, when.timeZone);
    if (!wanted) return undefined;
    const dated = listed.filter(([label]) => dateFeatures(label, when.now, when.timeZone));
    if (dated.length === 0) return undefined;
    const fitting = dated.filter(([label]) => fitsDate(wanted, dateFeatures(label, when.now, when.timeZone)!));
    if (fitting.length === 1) return { kind: 'choice', index: fitting[0][1], how: 'date' };
    if (fitting.length > 1) return { kind: 'several', indices: fitting.map(([, i]) => i) };
    return { kind: 'other_time', features: wanted };
  }

  /** "The second one", "number 2", "the last one": a place in the list (extras not counted). */
  private byPlace(said: string[], listed: number[]): number | undefined {
    if (this.last.some((p) => findPhrase(said, p, 0))) return listed[listed.length - 1];
    let found: number | undefined;
    let longest = 0;
    this.ordinals.forEach((list, place) => {
      for (const phrase of list) {
        const at = findPhrase(said, phrase, 0);
        if (at && phrase.length > longest && place < listed.length) {
          longest = phrase.length;
          found = listed[place];
        }
      }
    });
    return found;
  }
}

/** The share of the answer's words that an option's phrases account for ("I look after my husband": all of it). */
function coverage(said: string[], phrases: Phrase[]): number {
  const covered = new Set<number>();
  for (const phrase of phrases) {
    for (let from = 0; from < said.length;) {
      const found = findPhrase(said, phrase, from);
      if (!found) break;
      for (let k = 0; k < phrase.length; k++) covered.add(found.start + k);
      from = found.start + 1;
    }
  }
  return covered.size / said.length;
}

/**
 * The answer without the figures that belong to a date or a longer number: a date of birth given instead of choosing
 * ("Arthur Bennett 2/11/45", "dob 2 nov 1945", "14 3 39") or a number ("999 345 6780") holds digits that are not a
 * place in the list (set I: SMS people who answered "who is this about?" with their details became carers by the 2).
 */
const DATE_FIGURES =
  /\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d+(?:[\s-]+\d+)+\b|\b(?:19|20)\d\d\b/gi;
function withoutFigures(text: string): string {
  return text.replace(DATE_FIGURES, ' ');
}

function onlyADay(f: DateFeatures): boolean {
  return f.hour === undefined && !f.part && !f.weekdays?.length && f.month === undefined;
}

/** Where `phrase` occurs in `said` from `from` on, allowing close misspellings of longer words, and how well. */
function findPhrase(said: string[], phrase: Phrase, from: number): { start: number; weight: number } | undefined {
  if (phrase.length === 0) return undefined;
  for (let start = from; start + phrase.length <= said.length; start++) {
    let weight = 0;
    for (let k = 0; k < phrase.length; k++) {
      const w = wordWeight(said[start + k], phrase[k]);
      if (w === 0) {
        weight = 0;
        break;
      }
      weight += w;
    }
    if (weight > 0) return { start, weight };
  }
  return undefined;
}

function wordWeight(said: string, wanted: string): number {
  if (said === wanted) return 1;
  // "mums", "Thursdays": a plural or a possessive with its apostrophe dropped.
  if (said === `${wanted}s`) return POSSESSIVE_WEIGHT;
  if (said.length < MIN_SPELLING_LENGTH || wanted.length < MIN_SPELLING_LENGTH) return 0;
  return JaroWinklerDistance(said, wanted) >= SPELLING_MIN_SIMILARITY ? MISSPELT_WEIGHT : 0;
}
