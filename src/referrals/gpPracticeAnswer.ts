import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { ServiceProfile } from '../content/services';
import { JaroWinklerDistance } from '../intents/naturalLib';

const answersSchema = z.object({
  review: reviewSchema,
  genericWords: z.array(z.string().min(1)).min(1),
  notRegistered: z.array(z.string().min(1)).min(1),
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

// Misspellings ("Tootin", "Balhm") of words this long are still read as the practice's word.
const MIN_SPELLING_LENGTH = 5;
const SPELLING_MIN_SIMILARITY = 0.9;

const words = (text: string) => normalisePhrase(text).split(' ').filter(Boolean);

/**
 * Reads a GP practice in people's words ("Dr Patel at Tooting Bec", "the Balham one", "she's not registered") against
 * every service's list of practices (content/services/<id>/profile.yaml), with the generic words and "no GP" phrases
 * from content/referrals/gp-practice-answers.yaml. A practice matches on its own distinctive words; the most of them
 * said wins, and a tie between practices is asked about rather than guessed.
 */
export class GpPracticeReader {
  private readonly generic: Set<string>;
  private readonly notRegistered: string[];
  private readonly practices: { practice: KnownPractice; words: string[] }[];

  constructor(
    profiles: ServiceProfile[],
    content = readContentFile('referrals/gp-practice-answers.yaml', answersSchema),
  ) {
    this.generic = new Set(content.genericWords.map(normalisePhrase));
    this.notRegistered = content.notRegistered.map(normalisePhrase);
    this.practices = profiles.flatMap((service) =>
      service.area.gpPractices.map((name) => ({
        practice: { name, service },
        words: words(name).filter((w) => !this.generic.has(w)),
      })),
    );
  }

  /** `among`: only these practices (by name), as after "which of these?". */
  read(answer: string, among?: string[]): GpPracticeAnswer {
    const said = ` ${normalisePhrase(answer)} `;
    if (this.notRegistered.some((phrase) => said.includes(` ${phrase} `))) return { kind: 'not_registered' };
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
