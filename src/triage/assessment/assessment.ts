import { moreUrgent, urgencyRank, type Disposition } from '../dispositions';
import type { AssessmentContent, Complaint, DangerSignGroup, Discriminator } from './assessmentContent';
import { bestMatch, WordText, words } from './wordMatch';

/**
 * What the assessment asks and what the answers mean, from content: the danger-sign groups in order, the complaint a
 * description is about, and which of its discriminators can still change the disposition.
 */
export class Assessment {
  constructor(readonly content: AssessmentContent) {}

  get groups(): DangerSignGroup[] {
    return this.content.dangerSigns.groups;
  }

  /** "I'm worried about mum": a short message of concern is a clinical contact even if it names no problem. */
  isConcern(text: string): boolean {
    const { concern, concernMaxWords } = this.content.contacts;
    return words(text).length <= concernMaxWords && new WordText(text).count(concern) > 0;
  }

  /** A short description that names no complaint ("I feel unwell"): worth asking what is wrong. */
  isVague(text: string): boolean {
    return words(text).length <= this.content.contacts.vagueMaxWords && !this.complaintFor(text);
  }

  complaintFor(text: string): Complaint | undefined {
    return bestMatch(text, this.content.discriminators.complaints);
  }

  /**
   * The complaint's questions still worth asking: those whose "yes" is more urgent than what is known already, within
   * the cap on how many are asked, most urgent first as listed.
   */
  nextDiscriminator(complaint: Complaint | undefined, known: Disposition, asked: string[]): Discriminator | undefined {
    if (!complaint || asked.length >= this.content.discriminators.maxQuestions) return undefined;
    return complaint.questions.find(
      (q) => !asked.includes(q.id) && (known === 'none' || urgencyRank(q.yes) < urgencyRank(known)),
    );
  }
}

/** The more urgent of two, where `none` means nothing is known yet. */
export function raise(known: Disposition, to: Disposition): Disposition {
  if (to === 'none') return known;
  return known === 'none' ? to : moreUrgent(known, to);
}
