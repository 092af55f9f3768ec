import { z } from 'zod';
import { fill, textWith } from '../../content/placeholders';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { loadLanguages, type Language } from '../../intents/language/languages';
import { translationSchema } from '../../intents/language/localeScreen';
import { spaced, type MenuLine } from '../../language/phoneLanguageMenu';

const line = z.string().min(1);
const schema = z.object({
  review: reviewSchema,
  translation: translationSchema,
  waitForInterpreterSeconds: z.number().int().min(15).max(600),
  forgetWaitAfterSeconds: z.number().int().min(60).max(86400),
  english: z.object({
    late: line,
    clinicianLate: textWith('language', 'reference'),
    patientIntro: textWith('language'),
  }),
  languages: z.record(z.string().regex(/^[a-z]{2}$/), z.object({ late: line, patientIntro: line })),
});

/**
 * content/languages/interpreter-conference.yaml: how long a caller waits for the interpreter before the clinician is
 * rung anyway, and what the caller, the clinician and a patient rung from the console hear (issue 22, H58). A line in
 * the caller's language is always followed by the English.
 */
export class ConferenceWording {
  private readonly content = readContentFile('languages/interpreter-conference.yaml', schema);

  constructor() {
    for (const code of loadLanguages().byCode.keys())
      if (!this.content.languages[code])
        throw new Error(`content/languages/interpreter-conference.yaml: no lines for ${code}`);
  }

  get waitForInterpreterMs(): number {
    return this.content.waitForInterpreterSeconds * 1000;
  }

  /** How long after its wait ran out a wait found at start-up is still acted on (its caller may still be there). */
  get forgetAfterMs(): number {
    return this.content.forgetWaitAfterSeconds * 1000;
  }

  /** To the caller when the interpreter has not joined in time: a nurse is joining now. */
  late(language: Language): MenuLine[] {
    return [{ text: this.content.languages[language.code].late, language }, { text: this.content.english.late }];
  }

  /** To the clinician rung before the interpreter joined. */
  clinicianLate(language: Language, reference: string): string {
    return fill(this.content.english.clinicianLate, { language: language.name, reference: spaced(reference) });
  }

  /** To a patient rung from the console, on answering: who is calling, in their language then English. */
  patientIntro(language: Language): MenuLine[] {
    return [
      { text: this.content.languages[language.code].patientIntro, language },
      { text: fill(this.content.english.patientIntro, { language: language.name }) },
    ];
  }
}
