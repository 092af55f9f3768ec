import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { ServiceProfile } from '../content/services';
import { digitsFromSpeech } from '../intents/entities/spokenDigits';
import { JaroWinklerDistance } from '../intents/naturalLib';

const answersSchema = z.object({
  review: reviewSchema,
  genericWords: z.array(z.string().min(1)).min(1),
  notRegistered: z.array(z.string().min(1)).min(1),
  mentions: z.array(z.string().min(1)).min(1),
  callerPractice: z.array(z.string().min(1)).min(1),
  patientsPractice: z.array(z.string().min(1)).min(1),
  sameAsCaller: z.array(z.string().min(1)).min(1),
  sameAsCallerAnswers: z.array(z.string().min(1)).min(1),
  codeLetterWords: z.array(z.string().regex(/^[a-z]+$/)).min(26),
  codeLetterNames: z.record(z.string().regex(/^[a-z]+$/), z.string().regex(/^[a-z]$/)),
});

/** A practice in one of the services' profiles. */
export interface KnownPractice {
  name: string;
  service: ServiceProfile;
}

/** What an answer to "Which GP practice…?" says. */
export type GpPracticeAnswer =
  | { kind: 'practice'; practice: KnownPractice }
  /** Words that fit more than one listed practice equally ("the Park surgery"): ask which. */
  | { kind: 'ambiguous'; practices: KnownPractice[] }
  | { kind: 'not_registered' }
  /** A practice none of the profiles lists (or words we could not place). */
  | { kind: 'unknown' };

/** The caller's own practice named in a message, and the message without the clauses that named it. */
export interface CallerPractice {
  practice?: KnownPractice;
  rest: string;
}

// Misspellings ("Tootin", "Balhm") of words this long are still read as the practice's word.
const MIN_SPELLING_LENGTH = 5;
const SPELLING_MIN_SIMILARITY = 0.9;

const words = (text: string) => normalisePhrase(text).split(' ').filter(Boolean);

// An ODS practice code as written or spoken: "Z90001", "z 90001", "F 84 003" (after spoken digits became figures):
// one letter, then exactly five digits however they were spaced.
const ODS_CODE = /\b([a-z])[\s.-]?((?:\d[\s.-]?){4}\d)(?![\s.-]?\d)/gi;
// Where one clause of a message ends and the next begins: who is calling and who the patient is are told apart.
const CLAUSE = /[,.;:!?\n]+|\b(?:about|regarding|re)\b/i;

/**
 * Reads a GP practice in people's words ("Dr Patel at Tooting Bec", "the Balham one", "she's not registered") against
 * every service's list of practices (content/services/<id>/profile.yaml), with the generic words and "no GP" phrases
 * from content/referrals/gp-practice-answers.yaml. A practice matches on its own distinctive words; the most of them
 * said wins, and a tie between practices is asked about rather than guessed.
 */
export class GpPracticeReader {
  private readonly generic: Set<string>;
  private readonly notRegistered: string[];
  private readonly mentions: string[];
  private readonly practices: { practice: KnownPractice; words: string[] }[];
  private readonly byCode = new Map<string, KnownPractice>();
  private readonly callerCues: string[];
  private readonly patientCues: string[];
  private readonly sameAsCallerPhrases: string[];
  private readonly sameAsCallerAnswers: string[];
  private readonly letterWords: Map<string, string>;

  constructor(
    profiles: ServiceProfile[],
    content = readContentFile('referrals/gp-practice-answers.yaml', answersSchema),
  ) {
    this.generic = new Set(content.genericWords.map(normalisePhrase));
    this.notRegistered = content.notRegistered.map(normalisePhrase);
    this.mentions = content.mentions.map(normalisePhrase);
    this.callerCues = content.callerPractice.map(normalisePhrase);
    this.patientCues = content.patientsPractice.map(normalisePhrase);
    this.sameAsCallerPhrases = content.sameAsCaller.map(normalisePhrase);
    this.sameAsCallerAnswers = content.sameAsCallerAnswers.map(normalisePhrase);
    this.letterWords = new Map([
      ...content.codeLetterWords.map((w) => [w, w[0]] as const),
      ...Object.entries(content.codeLetterNames),
    ]);
    this.practices = profiles.flatMap((service) =>
      service.area.gpPractices.map((name) => ({
        practice: { name, service },
        words: words(name).filter((w) => !this.generic.has(w)),
      })),
    );
    for (const service of profiles) {
      for (const [name, code] of Object.entries(service.area.practiceCodes)) this.byCode.set(code, { name, service });
    }
  }

  /**
   * Whether a message about other things (a professional's handover) names the patient's GP practice or says they have
   * none: a practice word, an ODS code or a "no GP" phrase. Place names alone ("at home in Balham") are not a practice.
   */
  mentionsPractice(text: string): boolean {
    const said = ` ${normalisePhrase(text)} `;
    return (
      [...this.mentions, ...this.notRegistered].some((phrase) => said.includes(` ${phrase} `)) ||
      this.codesIn(text).length > 0
    );
  }

  /**
   * The caller's own practice, where a clause names a practice as theirs ("Dr Jones, GP at Tooting Bec Surgery",
   * "calling from Z90101") and nothing in it says the patient is registered there; and the message without those
   * clauses, for reading the patient's practice from. A GP's practice is not their patient's until they say so.
   */
  callerPractice(text: string): CallerPractice {
    let practice: KnownPractice | undefined;
    const rest = text.split(CLAUSE).filter((clause) => {
      const said = ` ${normalisePhrase(clause)} `;
      const has = (phrases: string[]) => phrases.some((phrase) => said.includes(` ${phrase} `));
      if (!has(this.callerCues) || has(this.patientCues) || !this.mentionsPractice(clause)) return true;
      const read = this.read(clause);
      if (read.kind === 'practice') practice ??= read.practice;
      return false;
    });
    return { practice, rest: rest.join(', ') };
  }

  /** The caller says the patient is registered with their own practice ("one of our patients"; asked: "ours"). */
  sameAsCaller(text: string, asked: boolean): boolean {
    const said = normalisePhrase(text);
    if (asked && this.sameAsCallerAnswers.includes(said)) return true;
    return this.sameAsCallerPhrases.some((phrase) => ` ${said} `.includes(` ${phrase} `));
  }

  /**
   * ODS codes in a message, as typed or as phone speech recognition writes them: digits said as words ("F eight four
   * zero zero three"), spaced out ("F 84 003"), or the letter spelt with the phonetic alphabet ("Foxtrot 84003") or by its name ("zed").
   */
  private codesIn(text: string): string[] {
    const spelt = text
      .split(/\s+/)
      .map((word) => this.letterWords.get(word.toLowerCase().replace(/[^a-z]/g, '')) ?? word)
      .join(' ');
    return [...digitsFromSpeech(spelt).matchAll(ODS_CODE)].map(
      (m) => `${m[1].toUpperCase()}${m[2].replace(/\D/g, '')}`,
    );
  }

  /** `among`: only these practices (by name), as after "which of these?". */
  read(answer: string, among?: string[]): GpPracticeAnswer {
    const said = ` ${normalisePhrase(answer)} `;
    if (this.notRegistered.some((phrase) => said.includes(` ${phrase} `))) return { kind: 'not_registered' };
    // A listed practice's ODS code is exact: it decides before any words do.
    const coded = this.codesIn(answer)
      .map((code) => this.byCode.get(code))
      .find((p) => p && (!among || among.includes(p.name)));
    if (coded) return { kind: 'practice', practice: coded };
    const saidWords = words(answer).filter((w) => !this.generic.has(w));
    const scored = this.practices
      .filter((p) => !among || among.includes(p.practice.name))
      .map((p) => ({ ...p, score: p.words.filter((w) => saidWords.some((s) => sameWord(s, w))).length }))
      .filter((p) => p.score > 0);
    if (scored.length === 0) return { kind: 'unknown' };
    const best = Math.max(...scored.map((p) => p.score));
    const top = scored.filter((p) => p.score === best).map((p) => p.practice);
    return top.length === 1 ? { kind: 'practice', practice: top[0] } : { kind: 'ambiguous', practices: top };
  }
}

function sameWord(said: string, wanted: string): boolean {
  if (said === wanted || said === `${wanted}s`) return true;
  if (said.length < MIN_SPELLING_LENGTH || wanted.length < MIN_SPELLING_LENGTH) return false;
  return JaroWinklerDistance(said, wanted) >= SPELLING_MIN_SIMILARITY;
}
