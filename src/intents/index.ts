import { moreUrgent, type Disposition } from '../triage/dispositions';
import { loadTriageRules } from '../triage/triageRules';
import type { RuleHit } from './clinicalRules';
import { findDateOfBirth, findDateTime, type FoundDateTime } from './entities/dates';
import { findNhsNumber } from './entities/nhsNumber';
import { findObservations, type Observations } from './entities/observations';
import { findPhoneNumber, findPostcode } from './entities/contact';
import { digitsFromSpeech } from './entities/spokenDigits';
import { IntentClassifier, NONE } from './intentClassifier';
import { createNormaliser } from './normalise';
import { loadRedFlags } from './redFlags';
import { loadTrainingData, type IntentName } from './trainingData';

export type { IntentName } from './trainingData';
export type { Disposition } from '../triage/dispositions';

export interface RedFlagHit {
  id: string;
  category: string;
  disposition: Disposition;
  message: string;
  speak?: string;
  source: string;
}

export interface Entities {
  nhsNumber?: string;
  dateOfBirth?: string;
  dateTime?: FoundDateTime;
  phoneNumber?: string;
  postcode?: string;
  observations?: Observations;
}

export interface Understanding {
  text: string;
  intent: IntentName;
  confidence: number;
  disposition: Disposition;
  redFlags: RedFlagHit[];
  entities: Entities;
  alternatives: { intent: IntentName; confidence: number }[];
  clarify: boolean;
}

export interface Understander {
  understand(text: string): Understanding;
}

/** Longer messages are cut here: nobody describes a problem in more, and the rules stay fast on pasted essays. */
const MAX_CHARS = 2000;
/** Intents that describe a health problem; with no rule matched they are routine, never "nothing". */
const CLINICAL_INTENTS = new Set<string>(['unwell.guidance', 'urgent.clinician', 'professional.handover']);

/**
 * The one way Front Door understands a message, used by the bot and by `npm run classify`: red-flag screen first
 * (deterministic), then triage rules, then the intent classifier, then entities.
 */
export function createUnderstander(options: { now?: () => Date } = {}): Understander {
  const now = options.now ?? (() => new Date());
  const normalise = createNormaliser();
  const redFlags = loadRedFlags();
  const triage = loadTriageRules();
  const classifier = IntentClassifier.train(loadTrainingData(), normalise, {
    epochs: 30,
    l2: 0,
    threshold: 0.35,
    margin: 0.08,
  });

  return {
    understand(input: string): Understanding {
      const text = typeof input === 'string' ? input.slice(0, MAX_CHARS) : '';
      const normalised = normalise(text);
      const flags: RedFlagHit[] = redFlags.match(normalised).map(toRedFlag);
      const classified = normalised.trim()
        ? classifier.classify(text)
        : { intent: NONE, confidence: 1, alternatives: [], clarify: false };
      const intent = classified.intent as IntentName;

      let disposition: Disposition = 'none';
      for (const flag of flags)
        disposition = disposition === 'none' ? flag.disposition : moreUrgent(disposition, flag.disposition);
      const triaged = triage.mostUrgent(normalised);
      if (triaged) disposition = disposition === 'none' ? triaged : moreUrgent(disposition, triaged);
      if (intent === 'urgent.clinician')
        disposition = disposition === 'none' ? 'urgent_2h' : moreUrgent(disposition, 'urgent_2h');
      if (disposition === 'none' && CLINICAL_INTENTS.has(intent)) disposition = 'routine';

      const spoken = digitsFromSpeech(text);
      const entities: Entities = {
        nhsNumber: findNhsNumber(spoken),
        dateOfBirth: findDateOfBirth(spoken, now()),
        dateTime: findDateTime(text, now()),
        phoneNumber: findPhoneNumber(spoken),
        postcode: findPostcode(text),
        observations: findObservations(text),
      };
      for (const key of Object.keys(entities) as (keyof Entities)[])
        if (entities[key] === undefined) delete entities[key];

      return {
        text,
        intent: flags.length && intent === NONE ? 'unwell.guidance' : intent,
        confidence: Math.round(classified.confidence * 1000) / 1000,
        disposition,
        redFlags: flags,
        entities,
        alternatives: classified.alternatives.map((a) => ({
          intent: a.intent as IntentName,
          confidence: Math.round(a.confidence * 1000) / 1000,
        })),
        clarify: classified.clarify,
      };
    },
  };
}

function toRedFlag(hit: RuleHit): RedFlagHit {
  return {
    id: hit.id,
    category: hit.category,
    disposition: hit.disposition,
    message: hit.message?.text ?? '',
    speak: hit.message?.speak,
    source: hit.source,
  };
}
