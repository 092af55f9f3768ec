import { sharedWordNet } from '../wordNet';

/**
 * Names as phone speech recognition (and some texters) write them: all in small letters ("hi it's joan clarke ringing
 * for my mum edith clarke"), so the capitals the written patterns look for are not there. A word counts as part of a
 * name only when it is not a function word, a day or a month, and WordNet lists it as no verb, adjective or adverb:
 * "really bad", "calling about", "worried sick" are not names; names that are also everyday words ("grace", "will")
 * are missed and asked for, which costs a question, never a wrong record.
 */

const FUNCTION_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with about as is are was were be been am im i me my mine you your ' +
    'we our us he him his she her hers they them their it its this that these those there here who what when where why ' +
    'how which not no yes ok okay hi hello hiya hey dear please thanks thank ta cheers just also only so very mum dad ' +
    'mother father husband wife son daughter sister brother nan gran carer patient nurse doctor name dob'
  ).split(' '),
);
const CALENDAR =
  /^(mon|tues|wednes|thurs|fri|satur|sun)day$|^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|weds?)$/;
const WORD = "[a-z][a-z'-]+";
/** What may follow a name said in passing: the end, a pause, the speaker going on ("… i need", "… ringing for"). */
const AFTER_NAME =
  "(?=\\s*$|\\s*[,.!?;:]|\\s+(?:i|i'm|im|i've|ive|and|here|speaking|ringing|calling|phoning|texting|my|her|his|from|about|born|dob|date|d\\.o\\.b|can|could|would|need|needs|just|again|wondering|re|regarding)\\b)";
/** A name followed by a date of birth said or written in figures ("edith clarke fourteen march thirty nine"). */
const BEFORE_DATE =
  '(?=,?\\s+(?:(?:dob|born|date of birth)\\W*\\s*)?(?:\\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\w+teen|twenty|thirty|first|second|third|\\w+th)\\b))';
/** "this is", "it's", "i'm", "my name is": the person talking names themselves, at the start or after a greeting. */
const OWN_CUE =
  "(?:^|[,.!?]\\s*|\\b(?:hi|hello|hiya|hey|morning|afternoon|evening|yes|yeah|oh)\\s+(?:(?:there|dear|love)\\s+)?)(?:this is|it's|its|it is)\\s+|\\b(?:my name is|my name's|my name|i am|i'm|im)\\s+";
const PATIENT_IS =
  'mum|mom|mother|dad|father|husband|wife|partner|son|daughter|nan|gran|grandad|grandma|grandmother|grandfather|aunt|uncle|sister|brother|neighbour|friend';

const OWN = new RegExp(`(?:${OWN_CUE})(${WORD})\\s+(${WORD})${AFTER_NAME}`, 'gi');
/**
 * The name said last, after what the call is about ("what time is my leg clinic this week its marjorie hughes"): only
 * at the very end or before a pause, and never straight after a relative ("my mum it's edith clarke" is the patient).
 */
const OWN_LAST = new RegExp(
  `(?<!\\b(?:${PATIENT_IS})\\s)\\b(?:this is|it's|its|it is)\\s+(${WORD})\\s+(${WORD})(?=\\s*$|\\s*[,.!?;:])`,
  'gi',
);
/**
 * A title, and a surname said with it before the whole name ("it's mrs clarke edith clarke"): people on the phone
 * say who they are formally, then in full. Dropped so the whole name is read.
 */
const TITLE = /\b(?:mr|mrs|ms|mister|missus)\.?\s+(?:([a-z'-]+)\s+(?=[a-z'-]+\s+\1\b))?/gi;
const PATIENT = new RegExp(`\\bmy (?:${PATIENT_IS}),?\\s+(?:is\\s+)?(${WORD})\\s+(${WORD})${AFTER_NAME}`, 'gi');
const THEN_DATE = new RegExp(`(?:^|[,.!?:]\\s*|\\s)(${WORD})\\s+(${WORD})${BEFORE_DATE}`, 'gi');

/**
 * "with an e", "with two t's": how a name is spelt, said straight after it ("edith clarke with an e shes my mum"). Taken
 * out before a name is read, so the name is the words before it.
 */
const SPELLING_ASIDE = /,?\s+with (?:an?|two|double) [a-z](?:'?s)?\b/gi;

export function withoutSpellingAsides(text: string): string {
  return withoutSpelledWords(text.replace(SPELLING_ASIDE, ''));
}

/** Three or more single letters in a row, as speech recognition writes a word spelt out ("P A L M E R", "e d i t h"). */
const SPELT = /(?<=^|\s)(?:\p{L}[ .-]+){2,}\p{L}(?=$|[\s,.!?;:])/gu;

/**
 * A name spelt out letter by letter on the phone ("Joyce Palmer P A L M E R", "E D I T H Clarke with an E"): the
 * letters are the word they spell, said once. A spelling of the word just said is dropped; one said instead of the word
 * becomes it. Two letters ("S W", "Q T") are a postcode's and are left alone.
 */
export function withoutSpelledWords(text: string): string {
  return text.replace(SPELT, (run: string, at: number) => {
    const word = run.replace(/[ .-]+/g, '');
    const before = /([\p{L}'-]+)\s*$/u.exec(text.slice(0, at))?.[1];
    if (before && before.toLowerCase() === word.toLowerCase()) return '';
    return word[0].toUpperCase() + word.slice(1).toLowerCase();
  });
}

/** The patient named first, then how they are related: "edith clarke shes my mum", "arthur bennett he's my dad". */
const THEN_RELATION = new RegExp(
  `(?:^|[,.!?:]\\s*|\\b(?:it's|its|it is|for|about)\\s+)(${WORD})\\s+(${WORD}),?\\s+(?:she's|shes|she is|he's|hes|he is|who's|who is|is)\\s+my\\s+(?:${PATIENT_IS})\\b`,
  'gi',
);
/** A first name alone after "I'm" at the end of what was said or before a pause: "… shes my mum im joan". */
const OWN_GIVEN = /\b(?:i'm|im|i am|my name is|my name's)\s+([a-z][a-z'-]+)(?=\s*$|\s*[,.!?;:])/gi;

function nameWord(word: string): boolean {
  if (word.length < 2 || FUNCTION_WORDS.has(word) || CALENDAR.test(word)) return false;
  const wordNet = sharedWordNet();
  return (['v', 'a', 'r'] as const).every((pos) => wordNet.baseForms(word.replace(/'s$/, ''), pos).length === 0);
}

function firstName(text: string, pattern: RegExp): string | undefined {
  for (const m of text.matchAll(pattern)) {
    const words = [m[1].toLowerCase(), m[2].toLowerCase()];
    if (words.every(nameWord)) return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
  }
  return undefined;
}

/** The speaker's own name, said in small letters: "hi it's joan clarke ringing for my mum" → "Joan Clarke". */
export function spokenOwnName(text: string): string | undefined {
  const untitled = text.replace(TITLE, '');
  return firstName(untitled, OWN) ?? firstName(untitled, OWN_LAST);
}

/** The patient named by how they are related, in small letters: "for my mum edith clarke i need to" → "Edith Clarke". */
export function spokenPatientName(text: string): string | undefined {
  const plain = withoutSpellingAsides(text);
  return firstName(plain, PATIENT) ?? firstName(plain, THEN_RELATION);
}

/** The speaker's first name alone, said in small letters: "… shes my mum im joan" → "Joan". */
export function spokenOwnGivenName(text: string): string | undefined {
  for (const m of withoutSpellingAsides(text).matchAll(OWN_GIVEN)) {
    const word = m[1].toLowerCase();
    if (nameWord(word)) return word[0].toUpperCase() + word.slice(1);
  }
  return undefined;
}

/** A name run straight into a date of birth, in small letters: "edith clarke fourteen march thirty nine" → "Edith Clarke". */
export function spokenNameBeforeDate(text: string): string | undefined {
  return firstName(text, THEN_DATE);
}
