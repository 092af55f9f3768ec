import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { readContentFile, reviewSchema } from '../content/readContentFile';

const followUpSchema = z.object({
  review: reviewSchema,
  disclosure: z.array(z.string().min(1)).min(1),
  carriedOn: z.array(z.string().min(1)).min(1),
});

/**
 * Whether what a professional says mid-handover or just after it carries on the same referral: details the classifier
 * takes for another task ("Key safe at the front door, neighbour has the code" for a safeguarding concern, "needs home
 * assessment today" for a service question). A message that discloses harm is never carried on: it goes to the
 * safeguarding route as from anyone (content/referrals/professional-follow-up.yaml, H268).
 */
export class ProfessionalFollowUp {
  private static loaded: ProfessionalFollowUp | undefined;
  private readonly disclosure: string[];
  private readonly carriedOn: Set<string>;

  constructor(content = readContentFile('referrals/professional-follow-up.yaml', followUpSchema)) {
    this.disclosure = content.disclosure.map(normalisePhrase);
    this.carriedOn = new Set(content.carriedOn);
  }

  static load(): ProfessionalFollowUp {
    return (ProfessionalFollowUp.loaded ??= new ProfessionalFollowUp());
  }

  /** True when the message, taken by the classifier for `intent`, is more about the patient already being handed over. */
  carriesOn(text: string, intent: string): boolean {
    return this.carriedOn.has(intent) && !this.discloses(text);
  }

  discloses(text: string): boolean {
    const said = ` ${normalisePhrase(text)} `;
    return this.disclosure.some((phrase) => said.includes(` ${phrase} `));
  }
}
