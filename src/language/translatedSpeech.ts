import { z } from 'zod';
import { readContentFile } from '../content/readContentFile';
import { loadLanguages, type Language } from '../intents/language/languages';
import { localeScreenCodes } from '../intents/language/localeScreen';

const spokenSchema = z.looseObject({ messages: z.record(z.string(), z.looseObject({ speak: z.string() })) });
const interpreterSchema = z.looseObject({ messages: z.record(z.string(), z.string()) });

/**
 * Every line the phone line can say in another language, by its words: the red-flag messages of each language's
 * screen and the interpreter messages (issue 22). All of them are content, so the words name their language: the
 * phone line says each in its own language's voice, not the English one.
 */
export function translatedSpeech(): Map<string, Language> {
  const { byCode } = loadLanguages();
  const out = new Map<string, Language>();
  for (const code of localeScreenCodes()) {
    const language = byCode.get(code);
    if (!language) continue;
    for (const m of Object.values(readContentFile(`red-flags/locales/${code}.yaml`, spokenSchema).messages))
      out.set(m.speak.trim(), language);
  }
  for (const [code, text] of Object.entries(
    readContentFile('languages/interpreter.yaml', interpreterSchema).messages,
  )) {
    const language = byCode.get(code);
    if (language) out.set(text.trim(), language);
  }
  return out;
}
