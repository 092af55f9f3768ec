import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { dateFeatures, fitsDate, nearDayOf, saysWhen } from '../intents/answers/dateFeatures';

const words = z.array(z.string().min(1)).min(1);
const visitWordsSchema = z.object({
  review: reviewSchema,
  places: z.array(words).min(1),
  last: words,
  visitWords: words,
  notDistinctive: words,
  wishWords: words,
  heardAs: z.record(z.string().min(1), words),
  staff: words,
  staffJoins: words,
  staffVisitVerbs: words,
  cancelReasons: words,
  cancelInstructions: words,
  cancelNegations: words,
  ifFree: words,
  whenWords: words,
  visitAsked: words,
  serviceWords: words,
});
type VisitWords = z.infer<typeof visitWordsSchema>;

/** A visit as it was listed to the person: its label (day and window) and its type. */
export interface ListedVisit {
  label: string;
  type: string;
}

interface When {
  now: Date;
  timeZone: string;
}

/** Words that make the word before them "not wanted" ("not the heart nurse"). */
const NEGATORS = new Set(['not', 'no', 'nor']);
const DAY_WORDS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** How far after "when" the visit asked about may be ("when someone is next coming out"). */
const WHEN_REACH = 5;
/** How many words may come between a place or day and the word that makes it a visit ("the second nurse visit"). */
const NEAR = 2;

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * "thursdays" → "thursday", "tomorrows" → "tomorrow": a day named with a possessive, its apostrophe dropped; "tmrw",
 * "2moro" → "tomorrow" (content/prompts/day-words.yaml).
 */
function dayWord(word: string): string | undefined {
  if (DAY_WORDS.has(word)) return word;
  const near = nearDayOf(word);
  if (near) return near;
  const bare = word.endsWith('s') ? word.slice(0, -1) : '';
  return DAY_WORDS.has(bare) ? bare : undefined;
}

/** A span of the message's words that names a visit, and what it names. */
interface Mention {
  start: number;
  end: number;
  place?: number | 'last';
  day?: string;
}

/**
 * Which of a person's visits their words point at, and what they said about the time they want, kept apart: "can you
 * move the second visit", "Thursday's visit", "tomorrow's nurse", "the matron one" name a visit; "to Friday", "Friday
 * would suit me" say when it should be. Places are counted in the order the visits are listed to the person. Words in
 * content/prompts/visit-references.yaml.
 */
export class VisitReference {
  private readonly places: Map<string, number | 'last'>;
  private readonly visitWords: Set<string>;
  private readonly notDistinctive: Set<string>;
  private readonly wishWords: string[][];
  /** A word as it is misheard or misspelt → the word of a visit's type it stands for. */
  private readonly heardAs: Map<string, string>;
  private readonly staff: Set<string>;
  private readonly cancelReasons: string[][];
  private readonly cancelInstructions: string[][];
  private readonly cancelNegations: Set<string>;
  private readonly ifFree: string[][];
  private readonly whenWords: string[][];
  private readonly visitAsked: Set<string>;
  private readonly staffJoins: Set<string>;
  private readonly staffVisitVerbs: Set<string>;
  private readonly serviceWords: Set<string>;

  constructor(content: VisitWords) {
    this.places = new Map<string, number | 'last'>(content.last.map((w) => [w, 'last']));
    content.places.forEach((list, place) => list.forEach((w) => this.places.set(w, place)));
    this.visitWords = new Set(content.visitWords);
    this.notDistinctive = new Set(content.notDistinctive);
    this.wishWords = content.wishWords.map(tokens);
    this.heardAs = new Map(Object.entries(content.heardAs).flatMap(([word, heard]) => heard.map((h) => [h, word])));
    this.staff = new Set(content.staff);
    this.cancelReasons = content.cancelReasons.map(tokens);
    this.cancelInstructions = content.cancelInstructions.map(tokens);
    this.cancelNegations = new Set(content.cancelNegations);
    this.ifFree = content.ifFree.map(tokens);
    this.whenWords = content.whenWords.map(tokens);
    this.visitAsked = new Set(content.visitAsked);
    this.staffJoins = new Set(content.staffJoins);
    this.staffVisitVerbs = new Set(content.staffVisitVerbs);
    this.serviceWords = new Set(content.serviceWords);
  }

  private static loaded?: VisitReference;
  static load(): VisitReference {
    return (VisitReference.loaded ??= new VisitReference(
      readContentFile('prompts/visit-references.yaml', visitWordsSchema),
    ));
  }

  /** Whether a visit word follows within a couple of words of `i`. */
  private visitWordAfter(said: string[], i: number): number | undefined {
    for (let k = i + 1; k <= i + NEAR && k < said.length; k++) if (this.visitWords.has(said[k])) return k;
    return undefined;
  }

  private mentions(said: string[]): Mention[] {
    const found: Mention[] = [];
    said.forEach((word, i) => {
      const place = this.places.get(word);
      const day = dayWord(word);
      const after = this.visitWordAfter(said, i);
      if (place !== undefined && after !== undefined) found.push({ start: i, end: after, place });
      else if (day && after !== undefined) found.push({ start: i, end: after, day });
      // "my visit on Thursday", "the nurse on Friday": the day the visit is on.
      else if (day && said[i - 1] === 'on' && this.visitWords.has(said[i - 2] ?? ''))
        found.push({ start: i - 2, end: i, day });
    });
    return found;
  }

  /**
   * Whether the message describes a member of staff by what they did ("the nurse that saw mum", "the lady who does his
   * dressing"): a question for or about that person, never a name for the identity check.
   */
  namesStaff(text: string): boolean {
    const said = tokens(text);
    return said.some(
      (w, i) =>
        this.staff.has(w) &&
        this.staffJoins.has(said[i + 1] ?? '') &&
        (this.staffVisitVerbs.has(said[i + 2] ?? '') || this.staffVisitVerbs.has(said[i + 3] ?? '')),
    );
  }

  /**
   * Whether the message asks when a visit is ("when her leg clinic is", "what time is her leg clinic", "when someone is
   * next coming out", "about her leg clinic, when is it"): a visit word within a few words after the question's words,
   * or just before them.
   */
  asksWhen(text: string): boolean {
    const said = tokens(text);
    return said.some((_, i) =>
      this.whenWords.some(
        (w) =>
          w.every((x, k) => said[i + k] === x) &&
          [...said.slice(i + w.length, i + w.length + WHEN_REACH), ...said.slice(Math.max(0, i - NEAR), i)].some((x) =>
            this.visitAsked.has(x),
          ),
      ),
    );
  }

  /**
   * The message without the names of services and visits ("her leg ulcer clinic", "the dressing nurse"): what is left
   * says whether a health problem is described, or only named as the visit's kind.
   */
  withoutServiceNames(text: string): string {
    const said = tokens(text);
    const drop = new Set<number>();
    said.forEach((w, i) => {
      if (!this.serviceWords.has(w)) return;
      for (let k = Math.max(0, i - NEAR); k <= i; k++) drop.add(k);
    });
    return said.filter((_, i) => !drop.has(i)).join(' ');
  }

  /** Whether the message mentions a visit at all ("nurse visit time?"). */
  mentionsVisit(text: string): boolean {
    return tokens(text).some((w) => this.visitAsked.has(w));
  }

  /** Whether the message gives a reason for cancelling ("I've got to be at St George's that day"). */
  givesCancelReason(text: string): boolean {
    const said = tokens(text);
    return this.cancelReasons.some((r) => said.some((_, i) => r.every((w, k) => said[i + k] === w)));
  }

  /**
   * Whether the message tells us to cancel the visit being talked about ("just cancel it for now", "yes cancel it
   * please, I'll ring to rebook"), with no "don't" or "not" in the two words before. Said at the reason or at "Cancel
   * the visit?", it is the go-ahead, whatever else the message says ("No, I'll ring the surgery, just cancel it").
   */
  asksToCancel(text: string): boolean {
    const said = tokens(text);
    return this.cancelInstructions.some((r) =>
      said.some(
        (_, i) =>
          r.every((w, k) => said[i + k] === w) &&
          !said.slice(Math.max(0, i - 2), i).some((w) => this.cancelNegations.has(w)),
      ),
    );
  }

  /** Whether the time wanted was asked for "if free" ("tomorrow pm if free"): it is booked when free, not asked again. */
  asksIfFree(text: string): boolean {
    const said = tokens(text);
    return this.ifFree.some((r) => said.some((_, i) => r.every((w, k) => said[i + k] === w)));
  }

  /** Whether the message names a visit by its place in the list or its day. */
  namesVisit(text: string): boolean {
    return this.mentions(tokens(text)).length > 0;
  }

  /** The message without the words that name a visit: what is left says the time wanted, if anything. */
  withoutMention(text: string): string {
    const said = tokens(text);
    const drop = new Set<number>();
    for (const m of this.mentions(said)) for (let k = m.start; k <= m.end; k++) drop.add(k);
    return said.filter((_, i) => !drop.has(i)).join(' ');
  }

  /**
   * Whether a day or time in the message is the time wanted ("Friday would suit me", "to next week, any afternoon",
   * "any time after 2 on Thursday is fine"), not a visit chosen: it says when, with words of wanting, and names no visit.
   */
  isWish(text: string, when: When): boolean {
    const said = tokens(text);
    if (this.mentions(said).length > 0) return false;
    if (!saysWhen(dateFeatures(text, when.now, when.timeZone))) return false;
    return this.wishWords.some((phrase) => said.some((_, i) => phrase.every((w, k) => said[i + k] === w)));
  }

  /**
   * The index of the one listed visit the message points at, or undefined when it points at none or several.
   * `tieByDay`: two visits of the kind said are told apart by the day said with it ("the catheter one tmrw").
   */
  pick(text: string, visits: ListedVisit[], when: When, tieByDay = true): number | undefined {
    const said = tokens(text);
    for (const m of this.mentions(said)) {
      if (m.place === 'last') return visits.length - 1;
      if (m.place !== undefined) return m.place < visits.length ? m.place : undefined;
      const wanted = dateFeatures(m.day!, when.now, when.timeZone);
      const fit = visits.flatMap((v, i) => {
        const features = dateFeatures(v.label, when.now, when.timeZone);
        return wanted && features && fitsDate(wanted, features) ? [i] : [];
      });
      if (fit.length === 1) return fit[0];
    }
    const top = this.bestByType(said, visits);
    if (top.length <= 1 || !tieByDay) return top.length === 1 ? top[0] : undefined;
    // "The catheter one tmrw morning" with two catheter visits: the day and time said settle which, unless they are the
    // time wanted ("the catheter one, can it be Thursday instead?").
    if (this.isWish(text, when)) return undefined;
    const wanted = dateFeatures(text, when.now, when.timeZone);
    if (!wanted || !saysWhen(wanted) || wanted.fromVisit) return undefined;
    const fit = top.filter((i) => {
      const features = dateFeatures(visits[i].label, when.now, when.timeZone);
      return !!features && fitsDate(wanted, features);
    });
    return fit.length === 1 ? fit[0] : undefined;
  }

  /**
   * The listed visits a question is about ("the catheter one, is that tomorrow?", "what time is the matron coming?"):
   * the one it points at, else every visit whose type fits its words best (two catheter visits are both meant by "the
   * catheter one"). Empty when it names no visit in particular.
   */
  about(text: string, visits: ListedVisit[], when: When): number[] {
    // "The catheter one, is that tomorrow?" asks about both catheter visits; the dialog answers for the day asked.
    const one = this.pick(text, visits, when, false);
    if (one !== undefined) return [one];
    return this.bestByType(tokens(text), visits);
  }

  /**
   * "The matron one", "the catheter change", "not the heart nurse": the visits whose type has most of the words said
   * (a pair of its words in order counts double), words every type shares and negated words not counted.
   */
  private bestByType(heard: string[], visits: ListedVisit[]): number[] {
    const said = heard.map((w) => this.heardAs.get(w) ?? w);
    const negated = (i: number) => NEGATORS.has(said[i - 1] ?? '') || NEGATORS.has(said[i - 2] ?? '');
    const wanted = said.filter((_, i) => !negated(i));
    const scores = visits.map((v) => {
      const type = tokens(v.type);
      let score = type.filter((w) => !this.notDistinctive.has(w) && wanted.includes(w)).length;
      for (let k = 0; k + 1 < type.length; k++) {
        if (said.some((w, i) => w === type[k] && said[i + 1] === type[k + 1] && !negated(i))) score += 2;
      }
      return score;
    });
    const best = Math.max(0, ...scores);
    return best === 0 ? [] : scores.flatMap((s, i) => (s === best ? [i] : []));
  }
}
