/**
 * Arabic typed in Latin letters (Arabizi: "ma 3am yitnaffas", "nazif", "wijhu intafakh") has no standard spelling:
 * vowels come and go, ح is 7 or h, ق is 2, q or g, ع is 3. Both the Arabic screen's words (in Arabic script and in
 * Latin letters) and such a message are read as a consonant skeleton, so a word the lexicon has only in Arabic script
 * (نزيف, انتفخ, نوبة) is read in Arabizi too, and each Arabizi spelling need not be listed.
 *
 * The skeleton: each Arabic letter and each Latin letter or digit standing for one as a single consonant class;
 * vowels, alif, hamza and the long-vowel letters و/ي (w/y) after a word's first letter dropped, as Arabizi writes short vowels that Arabic script
 * does not and Arabic script writes long ones Arabizi may not; a doubled consonant (shadda, "yisaffir") once; and a
 * final ه/ة/h (his, her, the feminine ending) dropped from a skeleton of four letters or more. Runs of digits alone ("2019") and regex escapes ("\d") are left
 * as they are, so the same function can be applied to ConText cue patterns; so are a lexicon's @class names.
 */
const ARABIC: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'x',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'S',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '3',
  غ: 'G',
  ف: 'f',
  ق: 'q',
  ک: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'h',
  ی: 'y',
  ي: 'y',
  ى: '',
  و: 'w',
  ا: '',
  آ: '',
  أ: '',
  إ: '',
  ء: '',
  ؤ: '',
  ئ: '',
};

/** Latin spellings, longest first: digraphs before letters. Digits only inside a word of letters. */
const LATIN: [RegExp, string][] = [
  [/sh|ch/g, 'S'],
  [/kh|5/g, 'x'],
  [/gh/g, 'G'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/7/g, 'h'],
  [/3/g, '3'],
  [/2|g|q/g, 'q'],
  [/9/g, 's'],
  [/6/g, 't'],
  [/c/g, 'k'],
  [/v/g, 'f'],
  [/p/g, 'b'],
  [/[aeiou']/g, ''],
];

/** One word's skeleton; "" when nothing consonantal is left ("w", "ya"). */
export function skeletonWord(word: string): string {
  let out: string;
  if (/[\u0600-\u06ff]/u.test(word)) {
    out = [...word].map((c) => ARABIC[c] ?? c).join('');
  } else {
    if (!/\p{L}/u.test(word)) return word;
    out = word.toLowerCase();
    for (const [re, to] of LATIN) out = out.replace(re, to);
  }
  // و/ي (w/y) are consonants at the start of a word and long vowels after it.
  out = out.slice(0, 1) + out.slice(1).replace(/[wy]/g, '');
  out = out.replace(/(.)\1+/gu, '$1');
  return out.length > 3 ? out.replace(/h$/, '') : out;
}

/**
 * Every word of a phrase or cue pattern as its skeleton (a `*` or regex syntax around it kept); a word with nothing
 * consonantal left is "_", which no skeleton word equals.
 */
export function skeleton(text: string): string {
  return text.replace(/(\\.|@[a-z_]+)|([\p{L}\p{N}']+)/gu, (_, kept: string | undefined, word: string | undefined) =>
    kept ? kept : skeletonWord(word ?? '') || '_',
  );
}

/** Latin letters with a digit Arabizi uses for a letter (3, 7, 2, 5, 9) inside the same word: "3am", "ma7al". */
export const ARABIZI_DIGITS = /\p{Script=Latin}[23579]|[23579]\p{Script=Latin}/u;
