import { z } from 'zod';
import { reviewSchema } from '../../content/readContentFile';
import { regexSource } from '../clinicalRules';
import { PUNCTUATION } from './messageWords';

/**
 * What can make a finding not a current problem of the person we are helping, after ConText (Harkema et al.,
 * J Biomed Inform 2009) and NegEx (Chapman et al., 2001).
 */
const TRIGGERED = ['negated', 'hypothetical', 'historical', 'otherPerson'] as const;
/** `figurative`: a figure of speech ("can not breathe for laughing"), read from the words after a finding. */
export const MODIFIERS = [...TRIGGERED, 'figurative'] as const;
export type Modifier = (typeof MODIFIERS)[number];

const triggersSchema = z.object({
  /** Triggers that govern the words after them ("no chest pain", "what if he gets chest pain"). */
  pre: z.array(regexSource).default([]),
  /** Triggers that govern the words before them ("chest pain years ago", "bleeding has stopped"). */
  post: z.array(regexSource).default([]),
  /**
   * Triggers that govern the words after them to the end of their clause (punctuation or a termination word), past
   * `window`: "if mum ever stops breathing do we do cpr or not" is one supposition, however long it runs.
   */
  toClauseEnd: z.array(regexSource).default([]),
  /**
   * Triggers that govern the words before them back to the start of their clause, past `window`, when none of those
   * words is `present`: "I was unconscious for a few seconds when I fainted at my wedding 20 years ago" is one past
   * event however long the telling, while "his face is drooping like when he had his stroke years ago" keeps the
   * usual window, so the drooping now stays current.
   */
  toClauseStart: z.array(regexSource).default([]),
});

export const contextSchema = z.object({
  review: reviewSchema,
  /** How many tokens a trigger reaches when nothing ends its scope first. */
  window: z.number().int().min(1).max(20),
  /** How many tokens a `toClauseEnd` trigger reaches at most when no punctuation or termination word comes first. */
  clauseWindow: z.number().int().min(1).max(40).default(20),
  modifiers: z.object(
    Object.fromEntries(TRIGGERED.map((m) => [m, triggersSchema])) as Record<
      (typeof TRIGGERED)[number],
      typeof triggersSchema
    >,
  ),
  /** Words that put a clause in the present, so a `toClauseStart` trigger reaches no further than `window` over them. */
  present: z.array(regexSource).default([]),
  /** Look like a trigger but are not one ("not sure if he is breathing" is not a hypothetical or a negation). */
  pseudo: z.array(regexSource).default([]),
  /**
   * Words saying that what was put as a question is happening now ("what would you do if … asking because that is
   * me right now"): where any is found, no hypothetical trigger in the message counts.
   */
  actual: z.array(regexSource).default([]),
  /**
   * Words saying a past event is happening again now ("had a fit as a teenager and is having another one now", "the
   * crew came for his chest pain and he still has it"): where any is found, no historical trigger counts, since the
   * present event is told only by pointing back at the past one.
   */
  again: z.array(regexSource).default([]),
  /**
   * Words that, straight after a finding, make it the name of a thing rather than a problem now: "the chest pain
   * clinic", "suicide prevention training", "the sepsis leaflet". Such a finding counts as hypothetical.
   */
  naming: z.array(regexSource).default([]),
  /**
   * Words that, straight after a finding, make it a figure of speech: "can not breathe for laughing", "choking back
   * tears", "suffocating under paperwork", "knocked out by how quick they came".
   */
  figurative: z.array(regexSource).default([]),
  /**
   * A thing as the subject of the words after it, which are then a figure of speech: "my phone is having a seizure",
   * "the website has collapsed". Governs up to `window` words after it, as far as punctuation or a termination word.
   */
  thingSubject: z.array(regexSource).default([]),
  /**
   * Words saying nobody is unwell ("just curious, nobody is ill"): where any is found (and nothing says it is
   * happening now), every finding counts as hypothetical.
   */
  nobodyUnwell: z.array(regexSource).default([]),
  /**
   * Words saying the person is well again now ("but now she is fine", "ama şimdi iyi"): they negate every finding
   * before them in the same sentence, across the commas and "but" that end other triggers' scope, because that is
   * where a recovery is told ("fainted yesterday, but she is fine now").
   */
  recovered: z.array(regexSource).default([]),
  /**
   * The same, but only in a sentence that also dates the event in the past ("fell last year and broke her hip, she is
   * fully recovered"): a recovery from symptoms of a few minutes ago ("face went numb for a few minutes, fully
   * recovered now", a TIA) is still an emergency.
   */
  recoveredFromPast: z.array(regexSource).default([]),
  /**
   * Words dating an event on a past day without putting it far back ("on Monday", "at Christmas", "the other day"):
   * alone they make nothing past (a fit on Monday may be today's), but they date a sentence for `recoveredFromPast`
   * ("had a fit on Monday, seen by the GP and the care plan updated").
   */
  pastDays: z.array(regexSource).default([]),
  /**
   * Words saying a problem is the person's usual, long-known pattern ("same as it has been for years"):
   * every finding before them in their sentence is historical, across commas, unless the message says something has
   * changed (`changed`: "worse", "different", "not going", "at rest", "sweating").
   */
  knownPattern: z.array(regexSource).default([]),
  changed: z.array(regexSource).default([]),
  /**
   * Words saying a deficit is what is left of a past event ("had a stroke in 2019, right arm still weak"): every
   * finding before them in their sentence, and the deficit they name, is historical, but only when a historical cue in that sentence dates an
   * event before them (a day of the week does not: a stroke on Monday is still being treated) and nothing in the
   * message says something has changed (`changed`: "worse", "new", "today", "suddenly").
   */
  residual: z.array(regexSource).default([]),
  /**
   * Questions of what to do ("ce facem?", "o que faço", "kya karein") that close a supposition: after an "if" (a `pre`
   * hypothetical cue) in the same sentence, every word between the two is supposed, across commas ("dacă face iar o
   * reacție, cu buzele umflate și sufocat, ce facem?"). Without an "if" before them they suppose nothing: "tata nu
   * respiră, ce facem?" is a plea for help with what is happening now.
   */
  closesSupposition: z.array(regexSource).default([]),
  /**
   * Bare words for "if" that open a supposition only when such a question closes it ("si a mi abuela le da otro
   * desmayo, qué hago?"): alone they suppose nothing, as Spanish "si" typed without its accent is also "sí", yes.
   */
  conditionals: z.array(regexSource).default([]),
  /** Words that end any trigger's scope, as punctuation does ("no pain but his face has dropped"). */
  termination: z.array(regexSource).min(1),
  /** Words that start a new clause when finding a finding's parts together, as . ; ! ? do. */
  clauseBreaks: z.array(regexSource).default([]),
});
export type ContextContent = z.infer<typeof contextSchema>;
/** What a screen's context is built from: other languages' screens give no `toClauseEnd` triggers. */
export type ContextInput = Omit<
  ContextContent,
  | 'clauseWindow'
  | 'modifiers'
  | 'present'
  | 'again'
  | 'recoveredFromPast'
  | 'pastDays'
  | 'knownPattern'
  | 'changed'
  | 'residual'
  | 'thingSubject'
  | 'closesSupposition'
  | 'conditionals'
> & {
  thingSubject?: string[];
  recoveredFromPast?: string[];
  pastDays?: string[];
  knownPattern?: string[];
  changed?: string[];
  residual?: string[];
  closesSupposition?: string[];
  conditionals?: string[];
  clauseWindow?: number;
  present?: string[];
  again?: string[];
  modifiers: Record<
    (typeof TRIGGERED)[number],
    { pre: string[]; post: string[]; toClauseEnd?: string[]; toClauseStart?: string[] }
  >;
};

/** The letters of a word in any script (with its combining marks: Indic vowel signs, Arabic marks). */
export const LETTERS_ANY_SCRIPT = '\\p{L}\\p{M}\\p{N}';

const SENTENCE_END = new Set(['.', ';', '!', '?']);
/** How many words a clause after a verb-final negation has at least: a subject or object and a verb. */
const CLAUSE_AFTER_NEGATION = 3;
/** Words joining findings listed before a naming word: "the sepsis and stroke awareness talk". */
const LIST_JOINS = new Set(['and', 'or', '&']);
/** Words that are never part of a name in such a list: they start a clause of their own ("choking and the kit"). */
const NOT_IN_A_NAME = new Set(
  'the a an his her my their our your this that these those he she i it they we you is are was were has have had be been being will would can could not no to of in on at for with now'.split(
    ' ',
  ),
);

interface Span {
  start: number;
  end: number;
}

/** For one message: which tokens each modifier governs. */
export interface MessageContext {
  /** The modifiers governing any of these tokens, leaving out cues that are themselves among the tokens. */
  modifiersOf(tokenIndexes: number[]): Modifier[];
  /** Tokens that start a new clause: sentence punctuation and strong contrasts (not commas, not "and"). */
  clauseBreaks: Set<number>;
}

export class ContextReader {
  private readonly pseudo: RegExp[];
  private readonly actual: RegExp[];
  private readonly termination: RegExp[];
  private readonly clauseBreakWords: RegExp[];
  private readonly naming: RegExp[];
  private readonly figurative: RegExp[];
  private readonly thingSubject: RegExp[];
  private readonly nobodyUnwell: RegExp[];
  private readonly recovered: RegExp[];
  private readonly present: RegExp[];
  private readonly again: RegExp[];
  private readonly recoveredFromPast: RegExp[];
  private readonly pastDays: RegExp[];
  private readonly knownPattern: RegExp[];
  private readonly changed: RegExp[];
  private readonly residual: RegExp[];
  private readonly closesSupposition: RegExp[];
  private readonly conditionals: RegExp[];
  private readonly triggers: {
    modifier: Modifier;
    direction: 'pre' | 'post';
    reach: number;
    re: RegExp;
    /** A `toClauseStart` trigger: its long reach holds only over words with nothing `present` among them. */
    pastOnly?: true;
  }[] = [];

  /**
   * `letters` is what a word is made of, for matching triggers as whole words: English text is normalised to a–z and
   * digits; another language's text keeps its own script (`LETTERS_ANY_SCRIPT`).
   */
  constructor(
    private readonly content: ContextInput,
    letters = 'a-z0-9',
  ) {
    const flags = letters === 'a-z0-9' ? 'g' : 'gu';
    const compile = (source: string) => new RegExp(`(?<![${letters}])(?:${source})(?![${letters}])`, flags);
    this.pseudo = content.pseudo.map(compile);
    this.actual = content.actual.map(compile);
    this.termination = content.termination.map(compile);
    this.clauseBreakWords = content.clauseBreaks.map(compile);
    this.naming = content.naming.map(compile);
    this.figurative = content.figurative.map(compile);
    this.thingSubject = (content.thingSubject ?? []).map(compile);
    this.nobodyUnwell = content.nobodyUnwell.map(compile);
    this.recovered = content.recovered.map(compile);
    this.present = (content.present ?? []).map(compile);
    this.again = (content.again ?? []).map(compile);
    this.recoveredFromPast = (content.recoveredFromPast ?? []).map(compile);
    this.pastDays = (content.pastDays ?? []).map(compile);
    this.knownPattern = (content.knownPattern ?? []).map(compile);
    this.changed = (content.changed ?? []).map(compile);
    this.residual = (content.residual ?? []).map(compile);
    this.closesSupposition = (content.closesSupposition ?? []).map(compile);
    this.conditionals = (content.conditionals ?? []).map(compile);
    for (const modifier of TRIGGERED) {
      for (const direction of ['pre', 'post'] as const)
        for (const source of content.modifiers[modifier][direction])
          this.triggers.push({ modifier, direction, reach: content.window, re: compile(source) });
      // Other languages' screens build their context without this list.
      for (const source of content.modifiers[modifier].toClauseEnd ?? [])
        this.triggers.push({ modifier, direction: 'pre', reach: content.clauseWindow ?? 20, re: compile(source) });
      for (const source of content.modifiers[modifier].toClauseStart ?? [])
        this.triggers.push({
          modifier,
          direction: 'post',
          reach: content.clauseWindow ?? 20,
          re: compile(source),
          pastOnly: true,
        });
    }
  }

  read(tokens: string[]): MessageContext {
    const text = tokens.join(' ');
    const starts: number[] = [];
    let offset = 0;
    for (const token of tokens) {
      starts.push(offset);
      offset += token.length + 1;
    }
    const toSpan = (from: number, to: number): Span => {
      let start = starts.findIndex((s) => s >= from);
      if (start < 0) start = tokens.length;
      let end = start;
      while (end < tokens.length && starts[end] < to) end++;
      return { start, end };
    };
    const spansInto = (re: RegExp, out: Span[]): Span[] => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        out.push(toSpan(m.index, m.index + m[0].length));
      }
      return out;
    };
    const spansOf = (res: RegExp[]): Span[] => {
      const out: Span[] = [];
      for (const re of res) spansInto(re, out);
      return out;
    };
    const stops = new Set<number>();
    const clauseBreaks = new Set<number>();
    tokens.forEach((t, i) => {
      if (PUNCTUATION.has(t)) stops.add(i);
      if (SENTENCE_END.has(t)) clauseBreaks.add(i);
    });
    const terminations = spansOf(this.termination);
    for (const span of terminations) stops.add(span.start);
    for (const span of spansOf(this.clauseBreakWords)) {
      stops.add(span.start);
      clauseBreaks.add(span.start);
    }
    const namesAThing = new Set(spansOf(this.naming).map((s) => s.start));
    // Findings listed before one naming word name things too: "the anaphylaxis and choking refresher training". Each
    // naming word also marks an "and" / "or" up to three words before it, over words that are not a determiner,
    // pronoun or verb, so "he is choking and the first aid kit is empty" stays current.
    for (const at of [...namesAThing]) {
      for (let i = at - 1; i >= 0 && i >= at - 4; i--) {
        if (stops.has(i) || NOT_IN_A_NAME.has(tokens[i])) break;
        if (LIST_JOINS.has(tokens[i])) {
          namesAThing.add(i);
          break;
        }
      }
    }
    const figureOfSpeech = new Set(spansOf(this.figurative).map((s) => s.start));
    // Each thing's span and the words it governs. A finding that includes the thing itself is about it as what it is
    // ("his phone is off": no answer), not a figure of speech.
    const things = spansOf(this.thingSubject).map((span) => {
      let end = span.end;
      while (end < tokens.length && end < span.end + this.content.window && !stops.has(end)) end++;
      return { span, end };
    });
    const pseudo = spansOf(this.pseudo);
    const overlapsPseudo = (s: Span) => pseudo.some((p) => s.start < p.end && p.start < s.end);

    const scopes: { modifier: Modifier; span: Span; trigger: Span }[] = [];
    const window = this.content.window;
    const happeningNow = spansOf(this.actual).length > 0;
    const nobodyUnwell = !happeningNow && spansOf(this.nobodyUnwell).length > 0;
    const happeningAgain = spansOf(this.again).length > 0;
    // A loop with one array for every trigger's spans, not four arrays per trigger: there are a hundred or more
    // triggers, most matching nothing (issue 16: understand()'s garbage is its p99).
    const found: ((typeof this.triggers)[number] & { trigger: Span })[] = [];
    const spans: Span[] = [];
    for (const t of this.triggers) {
      if ((happeningNow && t.modifier === 'hypothetical') || (happeningAgain && t.modifier === 'historical')) continue;
      spans.length = 0;
      for (const trigger of spansInto(t.re, spans)) if (!overlapsPseudo(trigger)) found.push({ ...t, trigger });
    }
    // A termination word that begins a cue of the same kind is that cue's word, not a new clause: in "a seizure after
    // his op, not since", "after his op" says when, so "not since" still reaches back over it to the seizure.
    const stopsFor = new Map<Modifier, Set<number>>();
    for (const modifier of TRIGGERED) {
      const own = found.filter((t) => t.modifier === modifier).map((t) => t.trigger);
      const kept = terminations
        .filter((s) => own.some((t) => t.start === s.start))
        .map((s) => s.start)
        .filter((start) => !PUNCTUATION.has(tokens[start]) && !clauseBreaks.has(start));
      // Most messages have no such cue: their scopes share the one set of stops.
      if (!kept.length) continue;
      const set = new Set(stops);
      for (const start of kept) set.delete(start);
      stopsFor.set(modifier, set);
    }
    const presentAt = new Set(spansOf(this.present).map((s) => s.start));
    // Where negations that govern the words before them end. In verb-final languages the "not" comes last and closes
    // its clause, so a later "not" reaches back no further than an earlier one: in "saah nahi aa reha chaati hil hi
    // nahi rahi" (no breath coming, the chest not moving at all) the second "nahi" governs the chest, never the
    // breathing, whose own "nahi" is one of its words. A clause of its own needs room for its own words (at least
    // CLAUSE_AFTER_NEGATION of them); fewer refer back to the same clause ("জ্ঞান নেই এমন কখনো হয়নি", never has he
    // been unconscious like that).
    const negationEnds = new Set<number>();
    for (const { modifier, direction, trigger } of found)
      if (modifier === 'negated' && direction === 'post') negationEnds.add(trigger.end);
    const closedBefore = (at: number, cueStart: number) =>
      negationEnds.has(at) && cueStart - at >= CLAUSE_AFTER_NEGATION;
    for (const { modifier, direction, reach: longest, trigger, pastOnly } of found) {
      const stop = stopsFor.get(modifier) ?? stops;
      const closes = direction === 'post' && modifier === 'negated';
      let reach = longest;
      if (pastOnly) {
        let start = trigger.start;
        while (start > 0 && start > trigger.start - longest && !stop.has(start - 1)) start--;
        for (let i = start; i < trigger.start; i++) if (presentAt.has(i)) reach = window;
      }
      if (direction === 'pre') {
        let end = trigger.end;
        while (end < tokens.length && end < trigger.end + reach && !stop.has(end)) end++;
        scopes.push({ modifier, trigger, span: { start: trigger.end, end } });
      } else {
        let start = trigger.start;
        while (start > 0 && start > trigger.start - reach && !stop.has(start - 1)) {
          if (closes && closedBefore(start, trigger.start)) break;
          start--;
        }
        scopes.push({ modifier, trigger, span: { start, end: trigger.start } });
      }
    }
    if (!happeningNow) {
      const ifs = [
        ...found.filter((t) => t.modifier === 'hypothetical' && t.direction === 'pre').map((t) => t.trigger),
        ...spansOf(this.conditionals).filter((t) => !overlapsPseudo(t)),
      ];
      for (const question of ifs.length ? spansOf(this.closesSupposition) : []) {
        if (overlapsPseudo(question)) continue;
        // The nearest "if" before the question in its sentence, within a long clause.
        let opener: Span | undefined;
        for (const t of ifs)
          if (t.end <= question.start && question.start - t.end <= (this.content.clauseWindow ?? 20)) {
            let sameSentence = true;
            for (let i = t.end; i < question.start; i++) if (clauseBreaks.has(i)) sameSentence = false;
            if (sameSentence && (!opener || t.end > opener.end)) opener = t;
          }
        if (opener)
          scopes.push({
            modifier: 'hypothetical',
            trigger: question,
            span: { start: opener.end, end: question.start },
          });
      }
    }
    // A recovery is told after the whole story of the event: back to the sentence's start, as far as a long clause.
    const recoveredReach = Math.max(2 * window, this.content.clauseWindow ?? 0);
    const pastDays = spansOf(this.pastDays);
    const datedInThePast = (from: number, to: number) =>
      found.some((t) => t.modifier === 'historical' && t.trigger.start >= from && t.trigger.start < to) ||
      pastDays.some((d) => d.start >= from && d.start < to);
    // A past event told as happening again ("checked at A&E on Monday, all fine, but it is back") is not over.
    const recoveries = [
      ...spansOf(this.recovered).map((trigger) => ({ trigger, fromPast: false })),
      ...(happeningAgain ? [] : spansOf(this.recoveredFromPast).map((trigger) => ({ trigger, fromPast: true }))),
    ];
    for (const { trigger, fromPast } of recoveries) {
      if (overlapsPseudo(trigger)) continue;
      // One dated past event is often told at length before its outcome ("choked on a grape at her party on Saturday
      // but her uncle did back slaps and it came straight out, she was back to herself"): twice as far.
      const reach = fromPast ? 2 * recoveredReach : recoveredReach;
      let start = trigger.start;
      while (start > 0 && start > trigger.start - reach && !SENTENCE_END.has(tokens[start - 1])) start--;
      if (fromPast && !datedInThePast(start, trigger.start)) continue;
      // Not over what is said to be so now ("she is going blue, she had made a full recovery from the flu"): with a
      // `present` word before the recovery's own verb ("she is fully recovered"), it reaches only its own clause.
      const ownVerb = trigger.start - 2;
      let saidNow = false;
      for (let i = start; i < ownVerb; i++) if (presentAt.has(i)) saidNow = true;
      if (saidNow) {
        start = trigger.start;
        while (start > 0 && start > trigger.start - window && !stops.has(start - 1)) start--;
      }
      scopes.push({ modifier: 'negated', trigger, span: { start, end: trigger.start } });
    }
    // A usual pattern told after the symptom ("chest tightness up the hill, goes when I stop, same as it has been for
    // years"), unless anything in the message says it has changed.
    const known = spansOf(this.knownPattern);
    const residual = spansOf(this.residual);
    const changed = known.length || residual.length ? spansOf(this.changed).length > 0 : false;
    if (known.length && !changed)
      for (const trigger of known) {
        if (overlapsPseudo(trigger)) continue;
        let start = trigger.start;
        while (start > 0 && start > trigger.start - recoveredReach && !SENTENCE_END.has(tokens[start - 1])) start--;
        scopes.push({ modifier: 'historical', trigger, span: { start, end: trigger.start } });
      }
    // What is left of a past event, told after it ("had a stroke in 2019, right arm still weak"): only with the
    // event dated by a historical cue before it in the sentence, so "his arm is still weak since this morning" stays.
    // The cue is its first word ("still"); the deficit it names ("slurred" in "speech still slurred") is in its scope,
    // so a finding made of that word is governed, not taken for the cue's own word.
    if (residual.length && !changed && !happeningAgain)
      for (const phrase of residual) {
        if (overlapsPseudo(phrase)) continue;
        const trigger = { start: phrase.start, end: phrase.start + 1 };
        let start = trigger.start;
        while (start > 0 && start > trigger.start - recoveredReach && !SENTENCE_END.has(tokens[start - 1])) start--;
        const dated = found.some(
          (t) => t.modifier === 'historical' && t.trigger.start >= start && t.trigger.end <= trigger.start,
        );
        if (dated) {
          scopes.push({ modifier: 'historical', trigger, span: { start, end: trigger.start } });
          scopes.push({ modifier: 'historical', trigger, span: { start: trigger.end, end: phrase.end } });
        }
      }
    return {
      clauseBreaks,
      modifiersOf(tokenIndexes: number[]): Modifier[] {
        const found = new Set<Modifier>();
        const after = Math.max(...tokenIndexes) + 1;
        // A naming word after any part of the finding: "the rapid access chest pain clinic" read as "pain … chest".
        const parts = new Set(tokenIndexes);
        const named = tokenIndexes.some((i) => !parts.has(i + 1) && namesAThing.has(i + 1));
        if (tokenIndexes.length && (named || nobodyUnwell)) found.add('hypothetical');
        if (tokenIndexes.length && figureOfSpeech.has(after)) found.add('figurative');
        for (const { span, end } of things) {
          if (tokenIndexes.some((i) => i >= span.start && i < span.end)) continue;
          if (tokenIndexes.some((i) => i >= span.end && i < end)) found.add('figurative');
        }
        for (const { modifier, span, trigger } of scopes) {
          // A cue inside the finding's own words is part of it: "will not stop bleeding", "no wee since yesterday".
          if (tokenIndexes.some((i) => i >= trigger.start && i < trigger.end)) continue;
          if (tokenIndexes.some((i) => i >= span.start && i < span.end)) found.add(modifier);
        }
        return [...found];
      },
    };
  }
}
