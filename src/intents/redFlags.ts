import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { Disposition } from '../triage/dispositions';
import { ContextReader, contextSchema } from './findings/context';
import { findFindings, type Finding } from './findings/findFindings';
import { FindingRules, findingRulesSchema, type FindingRuleHit } from './findings/findingRules';
import { compileLexicon, lexiconSchema } from './findings/lexicon';
import { WordReader } from './findings/messageWords';
import { properNames } from './findings/properNames';
import { sharedWordNet } from './wordNet';

export type { Finding } from './findings/findFindings';

export interface RedFlagHit {
  id: string;
  category: string;
  disposition: Disposition;
  /** What to tell the person first, in writing. */
  message: string;
  /** The same for the voice line: shorter, and written to be spoken. */
  speak?: string;
  /** The guidance the rule comes from. */
  source: string;
  /** The findings that raised it. */
  because: string[];
  /** Set when another language's screen found it (issue 22): `message` is in that language, then in English. */
  language?: string;
}

export interface RedFlagScreen {
  /**
   * Every red flag in a normalised message, most urgent first, and every finding it mentions. Never throws.
   * `asWritten`, the message before normalising, tells people's names apart (they are never re-read as a finding).
   * `literal`: every word only as written, no spelling, sound-alike or joined reading (issue 22: in a message written
   * in another language, its words are not misspelt English: Lithuanian "melyne" is not "melaena").
   */
  read(normalised: string, asWritten?: string, literal?: boolean): { hits: RedFlagHit[]; findings: Finding[] };
  /** Every red flag in a normalised message, most urgent first. Deterministic; never throws. */
  screen(normalised: string): RedFlagHit[];
}

/**
 * The red-flag screen from content/red-flags/: a lay lexicon of findings (with spelling, sound-alike and split-word
 * readings), ConText modifiers (negated, hypothetical, historical, someone else's) and rules that combine current
 * findings. `knownWords` are real words of the domain (the training phrases), never re-read as a misspelt finding.
 */
export function loadRedFlags(knownWords: Iterable<string> = []): RedFlagScreen {
  const lexiconContent = readContentFile('red-flags/lexicon.yaml', lexiconSchema);
  const lexicon = compileLexicon(lexiconContent);
  const context = new ContextReader(readContentFile('red-flags/context.yaml', contextSchema));
  const ids = new Set(lexicon.findings.map((f) => f.id));
  const rules = new FindingRules(
    readContentFile('red-flags/rules.yaml', findingRulesSchema(ids).extend({ review: reviewSchema })),
  );
  const dictionary = sharedWordNet();
  const reader = new WordReader(
    lexicon.words,
    knownWords,
    lexiconContent.neverJoined,
    (w) => dictionary.knows(w),
    lexiconContent.heardAsWritten,
  );
  const read = (normalised: string, asWritten?: string, literal = false) => {
    const names = literal
      ? new Set(normalised.split(' '))
      : asWritten === undefined
        ? undefined
        : properNames(asWritten);
    const findings = findFindings(reader.read(normalised, names), lexicon, context);
    const hits = rules.match(findings).map((hit) => redFlagHit(hit));
    return { hits, findings };
  };
  return { read, screen: (normalised) => read(normalised).hits };
}

/** A rule's hit as the bot sees it; `language` when another language's screen found it. */
export function redFlagHit(hit: FindingRuleHit, language?: string): RedFlagHit {
  return {
    id: hit.id,
    category: hit.category,
    disposition: hit.disposition,
    message: hit.message.text,
    speak: hit.message.speak,
    source: hit.source,
    because: hit.because,
    ...(language ? { language } : {}),
  };
}
