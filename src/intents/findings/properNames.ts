/** A title before a name: "Mrs Okafor", "Pt Ruth Ansell", "resident Dorothy Keane". */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'pt',
  'patient',
  'resident',
  'client',
  'nurse',
  'sister',
]);
const WORD = /[A-Za-z][A-Za-z'-]*|[.!?]/g;

/**
 * The words of a message, as written, that are people's or places' names: capitalised words that do not start a
 * sentence, capitalised words followed by another (a first name and surname), and any word after a title. Names are
 * read as written, never by sound or spelling as a finding ("Rita Malone" is not melaena). Lower case, as the screen
 * reads words. Acronyms (all capitals) are left out: "ICD", "STEMI" are clinical words.
 */
export function properNames(asWritten: string): Set<string> {
  const words = asWritten.match(WORD) ?? [];
  const names = new Set<string>();
  const capitalised = (w: string | undefined) => !!w && /^[A-Z][a-z'-]+$/.test(w);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!/^[A-Za-z]/.test(word)) continue;
    const startsSentence = i === 0 || /^[.!?]$/.test(words[i - 1]);
    const afterTitle = i > 0 && TITLES.has(words[i - 1].toLowerCase());
    const named =
      (capitalised(word) && (!startsSentence || capitalised(words[i + 1]))) || (afterTitle && /^[A-Z]/.test(word));
    if (named && word !== 'I') names.add(word.toLowerCase());
  }
  return names;
}
