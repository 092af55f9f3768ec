import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { readContentFile, reviewSchema } from '../content/readContentFile';

const needSchema = z.object({
  label: z.string().min(1),
  neverPhone: z.boolean(),
  phrases: z.array(z.string().min(1)).min(1),
});
const needsSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  needs: z.record(z.string(), needSchema),
});

/**
 * Communication needs (Accessible Information Standard) said in any message: "I'm deaf, text me", "I only have this
 * chat". The words are content (content/communication-needs.yaml); the call-back route honours what is found.
 */
export class CommunicationNeeds {
  private readonly needs: { id: string; label: string; neverPhone: boolean; patterns: RegExp[] }[];

  constructor(content: z.infer<typeof needsSchema>) {
    this.needs = Object.entries(content.needs).map(([id, need]) => ({
      id,
      label: need.label,
      neverPhone: need.neverPhone,
      patterns: need.phrases.map((p) => new RegExp(`(^| )${normalisePhrase(p)}( |$)`)),
    }));
  }

  static load(): CommunicationNeeds {
    return new CommunicationNeeds(readContentFile('communication-needs.yaml', needsSchema));
  }

  /** The ids of the needs a message states, in content order. */
  find(text: string): string[] {
    const said = normalisePhrase(text);
    return this.needs.filter((n) => n.patterns.some((p) => p.test(said))).map((n) => n.id);
  }

  /** Whether any of these needs rules out a voice call back. */
  neverPhone(ids: readonly string[]): boolean {
    return this.needs.some((n) => n.neverPhone && ids.includes(n.id));
  }

  label(id: string): string {
    return this.needs.find((n) => n.id === id)?.label ?? id;
  }
}
