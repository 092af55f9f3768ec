import type { ContextReader, Modifier } from './context';
import type { CompiledAlternative, CompiledFinding, Phrase, PhraseIndex, Slot } from './lexicon';
import type { MessageWords } from './messageWords';

/** A finding the message mentions, and whether it is the person's problem now. */
export interface Finding {
  id: string;
  label: string;
  /** Mentioned as a current problem of the person we are helping: not negated, hypothetical, past or someone else's. */
  current: boolean;
  /** When not current, why not (of the first mention). */
  modifiers: Modifier[];
}

interface Occurrence {
  start: number;
  end: number;
}

/** Every finding of the lexicon that a message mentions, each with its ConText modifiers. */
export function findFindings(
  words: MessageWords,
  lexicon: { findings: CompiledFinding[]; index: PhraseIndex },
  context: ContextReader,
): Finding[] {
  const { findings } = lexicon;
  const found = occurrencesOfEverySlot(words, lexicon.index);
  const occurrences = (slot: Slot) => found.get(slot) ?? NONE;
  // A finding is reported only for a combination of all of one alternative's slots. When no alternative has all its
  // slots in the message, nothing can be found, so the ConText cues (most of the time of a message with no finding)
  // are not read.
  // Plain loops, not closures: this runs for every finding of every screen on every message, and what it allocated
  // was most of understand()'s garbage, so of its collector's pauses (issue 16).
  if (!findings.some((f) => anyComplete(f, found))) return [];
  const scope = context.read(words.tokens);
  const clauseOf = clauseIndexes(words.tokens.length, scope.clauseBreaks);
  const out: Finding[] = [];
  for (const finding of findings) {
    // An alternative lacking a slot has no combination (combinations yields none), so neither has a finding whose
    // alternatives all lack one.
    if (!anyComplete(finding, found)) continue;
    let firstModifiers: Modifier[] | undefined;
    let current = false;
    const otherMeanings = occurrences(finding.unless);
    for (const alternative of finding.alternatives) {
      if (!complete(alternative, found)) continue;
      for (const tokens of combinations(alternative, clauseOf, occurrences)) {
        if (otherMeanings.some((o) => tokens.some((t) => t >= o.start && t < o.end))) continue;
        const modifiers = scope.modifiersOf(tokens).filter((m) => !(finding.background && m === 'historical'));
        if (modifiers.length === 0) {
          current = true;
          break;
        }
        firstModifiers ??= modifiers;
      }
      if (current) break;
    }
    if (current) out.push({ id: finding.id, label: finding.label, current: true, modifiers: [] });
    else if (firstModifiers)
      out.push({ id: finding.id, label: finding.label, current: false, modifiers: firstModifiers });
  }
  return out;
}

/** Every slot of the alternative occurs in the message. */
function complete(alternative: CompiledAlternative, found: Map<Slot, Occurrence[]>): boolean {
  for (const slot of alternative.slots) if (!found.has(slot)) return false;
  return true;
}

function anyComplete(finding: CompiledFinding, found: Map<Slot, Occurrence[]>): boolean {
  for (const alternative of finding.alternatives) if (complete(alternative, found)) return true;
  return false;
}

function clauseIndexes(length: number, breaks: Set<number>): number[] {
  const out: number[] = [];
  let clause = 0;
  for (let i = 0; i < length; i++) {
    if (breaks.has(i)) clause++;
    out.push(clause);
  }
  return out;
}

function phraseEndAt(words: MessageWords, phrase: Phrase, at: number): number {
  let pos = at;
  for (const matcher of phrase) {
    if (pos >= words.tokens.length) return -1;
    if ('prefix' in matcher) {
      const prefix = matcher.prefix;
      if (!words.tokens[pos].startsWith(prefix) && !someStartsWith(words.readings?.[pos], prefix)) return -1;
      pos++;
    } else if ('exact' in matcher) {
      if (words.tokens[pos] !== matcher.exact) return -1;
      pos++;
    } else {
      const length = words.forms[pos].get(matcher.stem);
      if (!length) return -1;
      pos += length;
    }
  }
  return pos;
}

/** Whether one of a token's readings starts with `prefix` (a loop: this runs for each phrase tried at each token). */
function someStartsWith(readings: readonly string[] | undefined, prefix: string): boolean {
  if (readings) for (const reading of readings) if (reading.startsWith(prefix)) return true;
  return false;
}

const NONE: Occurrence[] = [];

/** Whether a word of `apart` lies between the chosen spans (inside [start, end), overlapping none of them). */
function separated(apart: Occurrence[], chosen: Occurrence[], start: number, end: number): boolean {
  for (const a of apart) {
    if (a.start < start || a.end > end) continue;
    if (!chosen.some((c) => a.start < c.end && c.start < a.end)) return true;
  }
  return false;
}

/** Where each slot's phrases occur: every distinct span, so a long phrase does not hide a shorter one's reading. */
function occurrencesOfEverySlot(words: MessageWords, index: PhraseIndex): Map<Slot, Occurrence[]> {
  const out = new Map<Slot, Occurrence[]>();
  for (let i = 0; i < words.tokens.length; i++) {
    for (const { slot, phrase } of index.looseAt(words.tokens[i], words.readings?.[i]))
      note(out, slot, i, phraseEndAt(words, phrase, i));
    for (const form of words.forms[i].keys()) {
      const candidates = index.byFirstStem.get(form);
      if (candidates) for (const { slot, phrase } of candidates) note(out, slot, i, phraseEndAt(words, phrase, i));
    }
  }
  return out;
}

/** Adds a span to its slot's list unless it is empty or already there (a function, not a closure per message). */
function note(out: Map<Slot, Occurrence[]>, slot: Slot, start: number, end: number): void {
  if (end <= start) return;
  const list = out.get(slot);
  if (!list) return void out.set(slot, [{ start, end }]);
  for (const o of list) if (o.start === start && o.end === end) return;
  list.push({ start, end });
}

/**
 * Each way the alternative's slots are found together: one clause, no shared tokens, at most `within` other words
 * between them, in order when it says so. Yields the tokens of each combination.
 */
function* combinations(
  alternative: CompiledAlternative,
  clauseOf: number[],
  occurrences: (slot: Slot) => Occurrence[],
): Generator<number[]> {
  const perSlot = alternative.slots.map(occurrences);
  if (perSlot.some((o) => o.length === 0)) return;
  const chosen: Occurrence[] = [];
  function* pick(k: number): Generator<number[]> {
    if (k === perSlot.length) {
      const start = Math.min(...chosen.map((c) => c.start));
      const end = Math.max(...chosen.map((c) => c.end));
      const used = chosen.reduce((n, c) => n + c.end - c.start, 0);
      if (end - start - used > alternative.within) return;
      if (alternative.apart && separated(occurrences(alternative.apart), chosen, start, end)) return;
      const tokens: number[] = [];
      for (const c of chosen) for (let i = c.start; i < c.end; i++) tokens.push(i);
      yield tokens;
      return;
    }
    for (const occurrence of perSlot[k]) {
      if (chosen.length) {
        if (clauseOf[occurrence.start] !== clauseOf[chosen[0].start]) continue;
        if (clauseOf[occurrence.end - 1] !== clauseOf[chosen[0].start]) continue;
        if (chosen.some((c) => occurrence.start < c.end && c.start < occurrence.end)) continue;
        if (alternative.ordered && occurrence.start < chosen[chosen.length - 1].end) continue;
      }
      chosen.push(occurrence);
      yield* pick(k + 1);
      chosen.pop();
    }
  }
  yield* pick(0);
}
