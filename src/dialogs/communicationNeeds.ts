import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { loadLanguages } from '../intents/language/languages';

const needSchema = z.object({
  label: z.string().min(1),
  neverPhone: z.boolean(),
  contactBy: z.string().min(1).optional(),
  // The SNOMED CT concept the need is recorded under, where one says exactly this need (the file's source names where
  // the codes come from).
  snomed: z
    .object({ code: z.string().regex(/^\d{6,18}$/, 'must be a SNOMED CT concept id'), display: z.string().min(1) })
    .optional(),
  phrases: z.array(z.string().min(1)).min(1),
});
const needsSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  needs: z.record(z.string(), needSchema),
});

/** A need as the conversation keeps it: its id, its label and, for an interpreter, the language named. */
export interface StatedNeed {
  id: string;
  label: string;
  language?: string;
  languageName?: string;
}

/** A language someone may name ("a Polish interpreter"): its code, its English name and its own. */
export interface NamedLanguage {
  code: string;
  name: string;
  autonym: string;
}

/**
 * Communication needs (Accessible Information Standard) said in any message: "I'm deaf, text me", "I only have this
 * chat". The words are content (content/communication-needs.yaml); the call-back route honours what is found.
 */
export class CommunicationNeeds {
  private readonly needs: {
    id: string;
    label: string;
    neverPhone: boolean;
    contactBy?: string;
    snomed?: { code: string; display: string };
    patterns: RegExp[];
  }[];
  private readonly languages: { code: string; name: string; patterns: RegExp[] }[];

  constructor(content: z.infer<typeof needsSchema>, languages: NamedLanguage[] = []) {
    this.needs = Object.entries(content.needs).map(([id, need]) => ({
      id,
      label: need.label,
      neverPhone: need.neverPhone,
      contactBy: need.contactBy,
      snomed: need.snomed,
      patterns: need.phrases.map((p) => wholeWords(normalisePhrase(p))),
    }));
    this.languages = languages.map((l) => ({
      code: l.code,
      name: l.name,
      patterns: [wholeWords(normalisePhrase(l.name)), wholeWords(l.autonym.toLowerCase())],
    }));
  }

  static load(): CommunicationNeeds {
    return new CommunicationNeeds(
      readContentFile('communication-needs.yaml', needsSchema),
      loadLanguages().content.languages,
    );
  }

  /** The needs a message states, with the language of an interpreter when the message names one we know. */
  stated(text: string): StatedNeed[] {
    return this.find(text).map((id) => {
      const language = id === INTERPRETER ? this.languageIn(text) : undefined;
      return {
        id,
        label: this.label(id),
        ...(language ? { language: language.code, languageName: language.name } : {}),
      };
    });
  }

  /** How a team reaches someone with this need (the BSL video relay link), if content says. */
  contactBy(id: string): string | undefined {
    return this.needs.find((n) => n.id === id)?.contactBy;
  }

  /** The SNOMED CT concept the need is recorded under, when content gives one. */
  snomed(id: string): { code: string; display: string } | undefined {
    return this.needs.find((n) => n.id === id)?.snomed;
  }

  private languageIn(text: string): { code: string; name: string } | undefined {
    const said = normalisePhrase(text);
    const written = text.toLowerCase();
    return this.languages.find((l) => l.patterns.some((p) => p.test(said) || p.test(written)));
  }

  /** The ids of the needs a message states, in content order. */
  find(text: string): string[] {
    const said = normalisePhrase(text);
    return this.needs.filter((n) => n.patterns.some((p) => p.test(said))).map((n) => n.id);
  }

  /**
   * The message with every need phrase taken out ("I am deaf, can u move my appt" -> "i am can u move my appt"): what
   * the person asks for beside telling us how to reach them.
   */
  withoutNeeds(text: string): string {
    let said = normalisePhrase(text);
    for (const pattern of this.needs.flatMap((n) => n.patterns)) {
      said = said.replace(new RegExp(pattern.source, 'gu'), ' ');
    }
    return said.replace(/\s+/g, ' ').trim();
  }

  /** Whether any of these needs rules out a voice call back. */
  neverPhone(ids: readonly string[]): boolean {
    return this.needs.some((n) => n.neverPhone && ids.includes(n.id));
  }

  label(id: string): string {
    return this.needs.find((n) => n.id === id)?.label ?? id;
  }
}

/** The need whose record carries a language. */
export const INTERPRETER = 'interpreter';

function wholeWords(phrase: string): RegExp {
  return new RegExp(`(^| )${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`, 'u');
}
