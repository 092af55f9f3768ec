import { urgencyRank, type Disposition } from '../triage/dispositions';
import { news2 } from '../triage/news2';
import { decideDisposition, isClinicalIntent } from '../triage/triage';
import { loadTriageRules } from '../triage/triageRules';
import { trainWithCachedCalibration } from './calibrationCache';
import { loadClassifierSettings } from './classifierSettings';
import { extractEntities, type Entities } from './entities';
import { tokenise } from './features';
import { AsideMention } from './findings/asideMention';
import { NONE, type Classification } from './intentClassifier';
import { createNormaliser } from './normalise';
import { loadLocaleScreens } from './language/localeScreen';
import { LanguageIdentifier, type LanguageGuess } from './language/identify';
import { loadRedFlags, type Finding, type RedFlagHit } from './redFlags';
import { INTENTS, loadTrainingData, type IntentName } from './trainingData';

export type { IntentName } from './trainingData';
export type { Disposition } from '../triage/dispositions';
export type { Finding, RedFlagHit } from './redFlags';
export type { Entities, FoundDateTime, Observations } from './entities';
export { INTENTS } from './trainingData';

export interface Understanding {
  /** The message as read (cut to MAX_CHARS). */
  text: string;
  intent: IntentName;
  /** Calibrated probability of `intent`. */
  confidence: number;
  disposition: Disposition;
  /** Red flags found, most urgent first; when there are any, say their message before anything else. */
  redFlags: RedFlagHit[];
  /** Clinical findings the message mentions, each marked current or not (negated, hypothetical, past, someone else's). */
  findings: Finding[];
  entities: Entities;
  /** The next most likely intents. */
  alternatives: { intent: IntentName; confidence: number }[];
  /** The top two intents are a near-tie: ask which was meant rather than guess. */
  clarify: boolean;
  /**
   * The message is about a health problem (a red flag, a triage rule, or a clinical intent), whatever else it asks:
   * such a message is assessed with the danger-sign questions unless 999 has been given.
   */
  clinical: boolean;
}

export interface Understander {
  /** Never throws: anything that is not understood is intent `none`. */
  understand(text: string): Understanding;
}

/**
 * Longer messages are cut here and not classified (a pasted document is not a request; the bot asks for a sentence or
 * two), though the cut text is still screened for red flags. It also keeps the rules fast on any input.
 */
export const MAX_CHARS = 2000;

const NOTHING: Classification = { intent: NONE, confidence: 1, alternatives: [], clarify: false, familiarity: 0 };

/**
 * The one way Front Door understands a message, used by the bot and by `npm run classify`: the red-flag screen
 * first (deterministic, and it decides the disposition whatever the classifier says), then triage rules, NEWS2 from
 * any observations, the intent classifier, and entities. Trains the domain model from content/ (well under 2 s), its
 * calibration kept between starts (calibrationCache.ts).
 */
export function createUnderstander(options: { now?: () => Date } = {}): Understander {
  const now = options.now ?? (() => new Date());
  const normalise = createNormaliser();
  const training = loadTrainingData();
  const classifier = trainWithCachedCalibration(training, normalise, loadClassifierSettings());
  const redFlags = loadRedFlags(training.flatMap((t) => tokenise(normalise(t.text))));
  const triageRules = loadTriageRules();
  const aside = AsideMention.load(INTENTS);
  const localeScreens = loadLocaleScreens();
  const languages = new LanguageIdentifier();
  /**
   * The English screen first; when it finds no emergency, each served language's screen (issue 22), whose hits carry
   * their message in that language and in English. Among languages, the one the message is written in comes first.
   * English words inside another language's sentence ("stroke", "convulsion") are read by the English screen without
   * that sentence's cues: in a message written in another language, an English emergency whose findings that
   * language's screen reads only as negated, past, hypothetical or someone else's is not one.
   */
  const screen = (text: string, normalised: string) => {
    let english = redFlags.read(normalised, text);
    let guess: LanguageGuess | undefined;
    const identified = () => (guess ??= languages.identify(text));
    const languageOf = () => identified().code;
    // Unsure which language: screens that read a language's messages only when they are in it read them too.
    const unsure = () => !identified().reliable;
    // The other languages' screens read a message once, whichever of the steps below needs them first.
    let localRead: ReturnType<typeof localeScreens.read> | undefined;
    const readLocal = () => (localRead ??= localeScreens.read(text, languageOf, unsure));
    if (english.hits.some((h) => h.disposition === 'emergency_999')) {
      if (languageOf() === 'en') return english;
      // A message surely written in a served language is not misspelt English: its English words ("stroke",
      // "bleeding") are read as written, never one of its own words corrected or heard as an English one (Lithuanian
      // "melyne", a bruise, as "melaena"; Turkish "epipeni" as "EpiPen" without its "if").
      const { served, reliable } = identified();
      // A word with a letter English never writes (Spanish "tía", aunt, is not "TIA") is that language's, never English.
      if (served && reliable) english = redFlags.read(normalise(withoutForeignWords(text)), text, true);
    }
    if (english.hits.some((h) => h.disposition === 'emergency_999')) {
      const local = readLocal();
      const hits = notSettledBy(local.findings, english.hits);
      if (hits.some((h) => h.disposition === 'emergency_999')) {
        // The language's own screen found the emergency too: its hits go first, so the 999 advice is in that
        // language, and the English classifier's reading of its words (Portuguese "chão" as "ciao", a goodbye) never
        // sets the 999 aside as said in passing.
        if (!local.hits.some((h) => h.disposition === 'emergency_999')) return english;
        return { hits: [...local.hits, ...english.hits], findings: [...english.findings, ...local.findings] };
      }
      english = { ...english, hits };
    }
    const local = readLocal();
    if (!local.hits.length) return english;
    // The same the other way: in a message written in English, a word other languages share ("convulsion", "sepsis")
    // is read with the English cues. A hit whose findings the English screen read only as negated, past,
    // hypothetical or someone else's ("friend's baby had a febrile convulsion last month") is not one.
    const localHits = languageOf() === 'en' ? notSettledBy(english.findings, local.hits) : local.hits;
    if (!localHits.length) return english;
    const hits = [...english.hits, ...localHits].sort(
      (a, b) => urgencyRank(a.disposition) - urgencyRank(b.disposition),
    );
    return { hits, findings: [...english.findings, ...local.findings] };
  };

  const understand = (
    text: string,
    normalised: string,
    screened: RedFlagHit[],
    findings: Finding[],
    tooLong: boolean,
  ): Understanding => {
    let flags = screened;
    const ruleHits = triageRules.match(normalised);
    // A finding, a red flag or a triage rule is evidence the message is about health, however few of its other words
    // the classifier knows: the familiarity floor is for nonsense, and must never hide a clinical message.
    const inDomain = flags.length > 0 || ruleHits.length > 0 || findings.some((f) => f.current);
    const classified =
      /[a-z0-9]/.test(normalised) && !tooLong ? classifier.classifyNormalised(normalised, { inDomain }) : NOTHING;
    flags = aside.keep(flags, findings, { ...classified, normalised, words: tokenise(normalised).length });
    // A red flag is about health whatever the words around it: never leave it as "out of scope".
    const intent = (flags.length && classified.intent === NONE ? 'unwell.guidance' : classified.intent) as IntentName;
    const entities = extractEntities(text, now());
    const score = entities.observations ? news2(entities.observations) : undefined;
    const disposition = decideDisposition({
      intent,
      redFlags: flags,
      ruleHits,
      news2: score && score.band !== 'low' ? score : undefined,
    });
    return {
      text,
      intent,
      confidence: round(classified.confidence),
      disposition,
      redFlags: flags,
      findings,
      entities,
      alternatives: classified.alternatives.map((a) => ({
        intent: a.intent as IntentName,
        confidence: round(a.confidence),
      })),
      clarify: classified.clarify && flags.length === 0,
      clinical: inDomain || isClinicalIntent(intent),
    };
  };

  return {
    understand(input: string): Understanding {
      const text = typeof input === 'string' ? input.slice(0, MAX_CHARS) : '';
      let flags: RedFlagHit[] = [];
      try {
        const normalised = normalise(text);
        const screened = screen(text, normalised);
        flags = screened.hits;
        return understand(
          text,
          normalised,
          flags,
          screened.findings,
          typeof input === 'string' && input.length > MAX_CHARS,
        );
      } catch (err) {
        // Fail safe: keep any red flag already found; otherwise "not understood", and the bot re-prompts then
        // offers a human. The error name only: the message may identify a patient.
        console.error(`understand failed: ${(err as Error).name}`);
        const disposition = decideDisposition({
          intent: flags.length ? 'unwell.guidance' : NONE,
          redFlags: flags,
          ruleHits: [],
        });
        return {
          ...nothingUnderstood(text),
          intent: flags.length ? 'unwell.guidance' : NONE,
          redFlags: flags,
          disposition,
          clinical: flags.length > 0,
        };
      }
    },
  };
}

function nothingUnderstood(text: string): Understanding {
  return {
    text,
    intent: NONE,
    confidence: 1,
    disposition: 'none',
    redFlags: [],
    findings: [],
    entities: {},
    alternatives: [],
    clarify: false,
    clinical: false,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The hits that stay when another screen has read the same message: a 999 hit goes when every finding behind it was
 * read by the other screen, and only as negated, past, hypothetical or someone else's (never also as current).
 */
function notSettledBy<H extends { disposition: Disposition; because: string[] }>(findings: Finding[], hits: H[]): H[] {
  const current = new Set(findings.filter((f) => f.current).map((f) => f.id));
  const settled = new Set(findings.filter((f) => !f.current && !current.has(f.id)).map((f) => f.id));
  return hits.filter((h) => h.disposition !== 'emergency_999' || !h.because.every((id) => settled.has(id)));
}

/** Each word with a letter outside ASCII replaced by a placeholder of one word, so distances between words are kept. */
function withoutForeignWords(text: string): string {
  return text.replace(/[\p{L}\p{M}]*[^\p{ASCII}\s\p{P}\p{S}\p{N}][\p{L}\p{M}]*/gu, ' xqx ');
}
