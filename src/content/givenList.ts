import { z } from 'zod';
import { fill, textWith } from './placeholders';

const word = z.string().min(1);

/**
 * The words of "the NHS number, name and date of birth" in one language: what someone gave before being asked, said
 * back in the identity check's sentences ({given}). Each language has its own (content/prompts/dialogs.yaml for
 * English, each content/prompts/locales/<code>.yaml for its language), so a sentence and its list are one language.
 */
export const givenListSchema = z.object({
  /** The whole list: "the {parts}" in English; most languages say it after a colon, with no article. */
  list: textWith('parts'),
  nhsNumber: word,
  name: word,
  postcode: word,
  dateOfBirth: word,
  /** Between the parts but the last two (", ", Arabic "، "), and between those two (" and ", Arabic " و"). */
  separator: word,
  and: word,
});
export type GivenList = z.infer<typeof givenListSchema>;

export type GivenPart = 'nhsNumber' | 'name' | 'postcode' | 'dateOfBirth';

/** The parts given, in their order, in the list's words; undefined when nothing was given. */
export function listGiven(parts: GivenPart[], words: GivenList): string | undefined {
  if (parts.length === 0) return undefined;
  const named = parts.map((part) => words[part]);
  const joined =
    named.length === 1 ? named[0] : `${named.slice(0, -1).join(words.separator)}${words.and}${named.at(-1)}`;
  return fill(words.list, { parts: joined });
}
