/** A title before a name: "Mrs Okafor", "Pt Ruth Ansell", "resident Dorothy Keane", "nurse grace". */
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
/** Family words before a name: "my son will is", "our daughter grace has". */
const RELATIVES = new Set([
  'son',
  'daughter',
  'husband',
  'wife',
  'partner',
  'brother',
  'sister',
  'mum',
  'dad',
  'grandson',
  'granddaughter',
  'nephew',
  'niece',
  'friend',
  'neighbour',
  'carer',
]);
/**
 * Verbs that follow a subject but never a modal or another verb: after "my son will" they make "will" his name ("my
 * son will is not breathing"), where "my son will not wake" keeps it a verb.
 */
const FINITE_VERBS = new Set([
  'is',
  'was',
  'has',
  'had',
  'does',
  'did',
  'says',
  'said',
  'keeps',
  'kept',
  'seems',
  'looks',
  'feels',
  'went',
  'got',
  'fell',
  'told',
  'came',
  'rang',
  'called',
]);
/** Words that follow a title or a family word without being a name: "the nurse never came", "my son just said". */
const NOT_NAMES = new Set([
  'never',
  'just',
  'always',
  'also',
  'still',
  'then',
  'who',
  'that',
  'which',
  'now',
  'really',
  'already',
  'only',
  'often',
  'usually',
  'and',
  'he',
  'she',
  'it',
  'is',
  'was',
  'has',
  'had',
]);
const WORD = /[A-Za-z][A-Za-z'-]*|[.!?]/g;

/**
 * The words of a message, as written, that are people's or places' names: capitalised words that do not start a
 * sentence, capitalised words followed by another (a first name and surname), and any word after a title. Without
 * capitals, context says it: after a title or a family word, a word followed by a verb that only a subject takes
 * ("nurse grace said", "my son will is"). Names are read as written, never by sound or spelling as a finding ("Rita
 * Malone" is not melaena). Lower case, as the screen reads words. Acronyms (all capitals) are left out: "ICD", "STEMI"
 * are clinical words.
 */
export function properNames(asWritten: string): Set<string> {
  const words = asWritten.match(WORD) ?? [];
  const names = new Set<string>();
  const capitalised = (w: string | undefined) => !!w && /^[A-Z][a-z'-]+$/.test(w);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!/^[A-Za-z]/.test(word)) continue;
    const before = i > 0 ? words[i - 1].toLowerCase() : '';
    const startsSentence = i === 0 || /^[.!?]$/.test(before);
    const afterTitle = TITLES.has(before);
    const subjectOf = FINITE_VERBS.has((words[i + 1] ?? '').toLowerCase());
    const lowerCaseName =
      /^[a-z]/.test(word) && (afterTitle || RELATIVES.has(before)) && subjectOf && !NOT_NAMES.has(word);
    const named =
      (capitalised(word) && (!startsSentence || capitalised(words[i + 1]))) ||
      (afterTitle && /^[A-Z]/.test(word)) ||
      lowerCaseName;
    if (named && word !== 'I') names.add(word.toLowerCase());
  }
  return names;
}
