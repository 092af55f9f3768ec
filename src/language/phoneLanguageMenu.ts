import { z } from 'zod';
import { fill } from '../content/placeholders';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { telephoneInterpreting, type TelephoneInterpreting } from '../content/services';
import { loadLanguages, type Language } from '../intents/language/languages';
import { translationSchema } from '../intents/language/localeScreen';

const line = z.string().min(1);
const menuSchema = z.object({
  review: reviewSchema,
  translation: translationSchema,
  english: z.object({
    intro: line,
    more: line,
    back: line,
    connecting: line.includes('{language}'),
    interpreterIntro: line.includes('{language}').includes('{reference}'),
    clinicianIntro: line.includes('{language}').includes('{reference}'),
    noInterpreter: line,
    noInterpreterWhisper: line.includes('{language}'),
  }),
  languages: z.record(z.string().regex(/^[a-z]{2}$/), z.object({ option: line, connecting: line })),
});
const telephoneSchema = z.looseObject({ telephone: telephoneInterpreting });

/** The menu's two pages: page 1 is read first, 9 on it reads page 2. */
export type MenuPage = 1 | 2;

/** One line of the menu and the language whose voice says it (none: English). */
export interface MenuLine {
  text: string;
  language?: Language;
}

/** What a key on a page of the menu means. */
export type MenuChoice = { kind: 'english' } | { kind: 'more' } | { kind: 'language'; language: Language };

/**
 * The phone line's language menu (issue 22, content/languages/phone-menu.yaml and languages.yaml's `keypad`): each
 * option in its own language, English going on by key, speech or silence. A chosen language has no conversation in
 * it yet, so it goes to an interpreter; what the caller hears then, and what the interpreter and the clinician hear.
 */
export class PhoneLanguageMenu {
  private readonly languages = loadLanguages();
  private readonly content = readContentFile('languages/phone-menu.yaml', menuSchema);
  private readonly telephone = readContentFile('languages/interpreter.yaml', telephoneSchema).telephone;

  constructor() {
    for (const code of this.languages.byCode.keys())
      if (!this.content.languages[code]) throw new Error(`content/languages/phone-menu.yaml: no lines for ${code}`);
  }

  /** A page's lines in the order they are said; the English way out first on page 1, last on page 2. */
  page(page: MenuPage): MenuLine[] {
    const options = this.onPage(page).map(([, language]) => ({
      text: this.content.languages[language.code].option,
      language,
    }));
    return page === 1
      ? [{ text: this.content.english.intro }, ...options, { text: this.content.english.more }]
      : [...options, { text: this.content.english.back }];
  }

  /** The key pressed on a page, or undefined for a key that means nothing there (read as English going on). */
  choose(page: MenuPage, digit: string): MenuChoice | undefined {
    if (page === 1 && digit === this.languages.content.english.keypad) return { kind: 'english' };
    if (page === 2 && digit === '0') return { kind: 'english' };
    if (page === 1 && digit === '9') return { kind: 'more' };
    const language = this.onPage(page).find(([key]) => key === digit)?.[1];
    return language ? { kind: 'language', language } : undefined;
  }

  /** A served language by code (the console starts an interpreter call for the language on the queue item). */
  byName(name: string): Language | undefined {
    return [...this.languages.byCode.values()].find((l) => l.name.toLowerCase() === name.toLowerCase());
  }

  /** What the caller hears on choosing a language: the 999 advice and "hold" in it, then the same in English. */
  connecting(language: Language): MenuLine[] {
    return [
      { text: this.content.languages[language.code].connecting, language },
      { text: fill(this.content.english.connecting, { language: language.name }) },
    ];
  }

  interpreterIntro(language: Language, reference: string): string {
    return fill(this.content.english.interpreterIntro, { language: language.name, reference: spaced(reference) });
  }

  clinicianIntro(language: Language, reference: string): string {
    return fill(this.content.english.clinicianIntro, { language: language.name, reference: spaced(reference) });
  }

  get noInterpreter(): string {
    return this.content.english.noInterpreter;
  }

  noInterpreterWhisper(language: Language): string {
    return fill(this.content.english.noInterpreterWhisper, { language: language.name });
  }

  /** The service's own interpreting contract where its profile has one, else the default. */
  interpretingFor(service: { interpreter?: TelephoneInterpreting } | undefined): TelephoneInterpreting {
    return service?.interpreter ?? this.telephone;
  }

  private onPage(page: MenuPage): [string, Language][] {
    const entries: [string, Language][] = [];
    for (const language of this.languages.byCode.values()) {
      const [first, second] = language.keypad.split('-');
      if (page === 1 && second === undefined) entries.push([first, language]);
      if (page === 2 && first === '9' && second !== undefined) entries.push([second, language]);
    }
    return entries.sort(([a], [b]) => a.localeCompare(b));
  }
}

/** "FD-T92-7UK" read as letters and digits, not as a word. */
export function spaced(reference: string): string {
  return reference.replace(/-/g, ' ').split('').join(' ').replace(/\s+/g, ' ');
}
