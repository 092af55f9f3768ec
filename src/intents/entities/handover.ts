import { DIGITS, digitsFromSpeech, numbersFromSpeech } from './spokenDigits';
import { withoutSpelledWords } from './spokenName';
import { findPostcode } from './contact';

/** What a 111 call handler, crew or GP needs from the duty clinician. */
export type HandoverNeed = 'Advice' | 'Rapid response' | 'Admission avoidance' | 'District nursing';

/**
 * The facts of a professional handover a message states, in whatever order they were said: who is calling, the
 * patient, the problem, what they need, and whether they want to be put through now. Observations, NHS number, date
 * of birth and postcode are ordinary entities (`extractEntities`); these are the ones only a handover has.
 */
export interface HandoverFacts {
  /** The caller named their own role or organisation ("paramedic, LAS", "111 here", "this is the GP"). */
  selfIdentified: boolean;
  role?: string;
  organisation?: string;
  /** "Alpha 12", as said. */
  callSign?: string;
  patientName?: string;
  /** Years, when said ("84-year-old", "aged 84"). */
  age?: number;
  /** Where the patient is, in words ("at home", "Rosewood care home"); a postcode is an entity of its own. */
  location?: string;
  need?: HandoverNeed;
  /** "Put me through", "just connect me": stop asking and go to the duty clinician with what we have. */
  connectNow: boolean;
  /** "None", "not taken": no observations to give. */
  noObservations: boolean;
  /** The parts of the message that are none of the above: the presenting problem, in the caller's words. */
  problem?: string;
}

const ROLES: [RegExp, string][] = [
  [/\b(?:advanced |specialist )?paramedic practitioner\b/, 'paramedic practitioner'],
  [/\b(?:emergency care practitioner|ecp)\b/, 'emergency care practitioner'],
  [/\b(?:advanced |specialist |student )?paramedics?\b/, 'paramedic'],
  [/\b(?:ambulance )?technician\b|\bemt\b/, 'ambulance technician'],
  [/\b111 (?:call handler|health adviser|health advisor)\b|\bcall handler\b|\bhealth advis[eo]r\b/, '111 call handler'],
  [/\b111 (?:clinician|nurse|clinical advis[eo]r|paramedic|doctor|gp)\b|\bclinical advis[eo]r\b/, '111 clinician'],
  [/\b(?:out of hours |ooh |duty |on call )?(?:gp|doctor)\b/, 'GP'],
  [
    /\b(?:district|community|practice|care home|nursing home|hospice|registered|staff|charge) nurse\b|\b(?:rgn|rmn)\b/,
    'nurse',
  ],
  [/\b(?:ambulance )?crew\b/, 'ambulance crew'],
];

const ORGANISATIONS: [RegExp, string][] = [
  [/\b(?:las|london ambulance(?: service)?)\b/, 'LAS'],
  [/\b(?:secamb|south east coast ambulance(?: service)?)\b/, 'SECAmb'],
  [/\b(?:nhs )?111\b/, 'NHS 111'],
  [/\b(?:out of hours gp|ooh gp|gp out of hours)\b/, 'GP out of hours'],
  [/\bambulance service\b/, 'ambulance service'],
];
/** "the Mitcham surgery", "Tooting medical centre": the words before the kind of place, as said. */
const PLACE_ORGANISATION =
  /\b((?:[a-z]+ ){0,2}(?:surgery|medical centre|health centre|medical practice|gp practice|hospital|care home|nursing home))\b/;

/** A caller saying who they are, as opposed to mentioning someone ("my GP said", "the paramedics came"). */
const ROLE_WORD =
  '(?:paramedic|crew|technician|emt|ecp|emergency care practitioner|call handler|health advis[eo]r|clinician|clinical advis[eo]r|gp|doctor|district nurse|community nurse|practice nurse|111)';
/** A word of a name: not one that starts saying who the message is about ("it's about mum, the district nurse …"). */
const NAME_WORD =
  "(?!(?:about|my|for|the|regarding|re|her|his|our|their|mum|mom|dad|just|only|not|calling|ringing)\\b)[a-z][a-z'-]*";
/** A nurse named by the kind of post, as a professional calling says it ("registered nurse", "care home nurse"). */
const TITLED_NURSE = '(?:registered|staff|charge|care home|nursing home|hospice|ward) nurse';
const ROLE_MODIFIERS =
  '(?:(?:las|london|ambulance|service|secamb|nhs|111|out|of|hours|ooh|duty|on|call|advanced|specialist|student|senior|lead|urgent|care|community|district|practice)\\s+){0,4}';
const SELF = [
  new RegExp(String.raw`\b(?:i'?m|i am|we'?re|we are|this is|it'?s)\s+(?:an? |the )?${ROLE_MODIFIERS}${ROLE_WORD}\b`),
  new RegExp(
    String.raw`^(?:hi|hello|morning|afternoon|evening|good \w+)?[\s,.!-]*(?:an? |the )?${ROLE_MODIFIERS}${ROLE_WORD}(?=\s*(?:[,.;:]|$|here\b|from\b|with\b|on scene|handover|hand over|crew\b|call ?sign))`,
  ),
  /\b(?:paramedic|crew|ambulance|las|secamb|111|gp|call handler|clinician)\s+here\b/,
  /\b(?:calling|ringing|phoning|speaking) (?:from|for) (?:the |a )?(?:las|london ambulance|secamb|ambulance|111|nhs 111|gp|surgery|practice|out of hours)\b/,
  /\b(?:las|secamb|ambulance|111)\s+(?:crew|clinician|call handler|paramedic)\b/,
  /\bcall ?sign\b/,
  /\bon scene\b/,
  // Their name, then their role as a title ("this is Sam Patel, clinical advisor at NHS 111", "I'm Bola, registered
  // nurse at Elmwood Care Home"): the role must end the phrase (a comma, "at", "from", …), so "it's Edith, the
  // district nurse didn't come" stays a patient, whose red flags are told to call 999.
  new RegExp(
    String.raw`\b(?:i'?m|i am|this is|it'?s|my name is|my name's)\s+(?:dr\.? )?${NAME_WORD}(?: ${NAME_WORD})?,? (?:an? |the |your )?${ROLE_MODIFIERS}(?:${ROLE_WORD}|${TITLED_NURSE})(?=\s*(?:[,.;:()]|$|(?:at|from|with|for|in|here|on)\b))`,
  ),
  // A nurse who signs with their registration before their name ("RGN Chloe Martin, Oakfield Nursing Home. …").
  new RegExp(
    String.raw`^(?:hi|hello|good \w+)?[\s,.!-]*(?:rgn|rmn|${TITLED_NURSE})\s+${NAME_WORD}(?: ${NAME_WORD})?\s*[,.(]`,
  ),
  // A doctor opening with their name and then their role or practice ("Dr Helen Ward, GP, …", "Dr A Mistry, Bellevue
  // surgery"): "Dr Smith, my GP, said …" names someone else's doctor and is not this.
  new RegExp(
    String.raw`^(?:hi|hello|good \w+)?[\s,.!-]*(?:(?:this is|it'?s|i'?m|i am) )?dr\.? [a-z][a-z'-]*(?: [a-z][a-z'-]*)?\s*,\s*(?:${ROLE_MODIFIERS}${ROLE_WORD}\b|(?:[a-z'-]+ ){0,2}(?:surgery|medical centre|health centre|medical practice|gp practice)\b)`,
  ),
];

const NEEDS: [RegExp, HandoverNeed][] = [
  [
    /\badmission avoidance\b|\bavoid(?:ing)? (?:an? )?(?:admission|hospital|conveyance|conveying)\b|\b(?:keep|leave) (?:him|her|them|the patient) (?:at home|home)\b|\bnon[- ]?convey|\bnot (?:convey|take (?:him|her|them) in)|\b(?:do not|don't|dont) (?:have|need) to (?:convey|take (?:him|her|them) in)|\b(?:rather than|instead of) convey/,
    'Admission avoidance',
  ],
  [
    /\brapid response\b|\b(?:2|two)[- ]?h(?:ou)?r\b|\burgent (?:community )?(?:response|visit)\b|\bucr\b|\bvisit (?:today|within|this)\b|\bsee (?:him|her|them) (?:today|within)\b/,
    'Rapid response',
  ],
  [/\badvice\b|\badvise\b|\bto discuss\b|\bsecond opinion\b|\btalk (?:it )?through\b/, 'Advice'],
  // A GP or 111 referring for the nurses' planned care ("a referral to the district nurses", "needs a nurse to come out
  // and redress it", "daily visits for the first week"), never the caller's own post ("district nurse, Wandsworth
  // community team"): a need of its own, so it is not taken for the problem and the
  // need question is not asked of it (sets L to N). The priority stays the route's (the hub triages it down).
  [
    /\b(?:refer\w*|for|needs?|needing|wants?) (?:\w+ ){0,3}(?:district|community) nurs(?:e|es|ing)\b|\b(?:district|community) nurs(?:e|es|ing) (?:follow[- ]?up|visits?|input|review|referral)\b|\bnurs(?:e|es|ing) (?:to|team to) (?:come|call|visit|go|pop|see|review|check|give|dress|redress|change|do)\b|\bnursing (?:visit|input|review|care|follow[- ]?up)\b|\b(?:daily|regular|twice[- ]daily|weekly) (?:nurse |nursing )?visits\b|\b(?:needs?|for|with|requiring) (?:\w+ )?dressings?\b/,
    'District nursing',
  ],
];

const CONNECT_NOW =
  /\b(?:put (?:me|us) through|just (?:connect|transfer|put)|connect (?:me|us)|transfer (?:me|us)|put me on to|(?:speak|talk) (?:to|with) (?:the |a )?(?:duty )?(?:clinician|nurse|doctor|someone|somebody|person|human)|no time for (?:this|questions)|skip (?:this|the questions))\b/;

const NO_OBS =
  /\b(?:no obs|no observations|none taken|not taken|haven'?t (?:taken|got|done) (?:any|them|obs)|didn'?t take|not done|none yet|no set of obs|(?:obs|observations) (?:by phone only|not available|unavailable)|no news ?2? (?:available|score))\b/;
/** "Dr Helen Ward, GP, …", "this is Dr Ward": the doctor named first is the caller, not the patient. */
const CALLER_DOCTOR = /^(?:hi|hello|good \w+)?[\s,.!-]*(?:(?:this is|it'?s|i'?m|i am) )?dr\b/i;

const CALL_SIGN = /\bcall ?sign(?:\s+is)?[\s:,-]*((?:[a-z]+[\s-]?)?\d[\d\s]{0,6}\d?|[a-z]+ [a-z]+ \d(?: ?\d){0,3})/i;
const NATO =
  'alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|juliett|kilo|lima|mike|november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey|whisky|x-ray|xray|yankee|zulu';
/**
 * A call sign said without the words "call sign": two phonetic-alphabet words and a number ("the crew on Delta Romeo
 * one three"), or one after "crew on", "unit" or "vehicle" ("unit Kilo 24"). One word alone could be a name ("Mike").
 */
const CALL_SIGN_UNCUED = new RegExp(
  `\\b((?:${NATO})[\\s-]+(?:${NATO})[\\s-]+\\d[\\d\\s]{0,4}\\d?|(?<=\\b(?:crew on|unit|vehicle)\\s+)(?:${NATO})[\\s-]+\\d[\\d\\s]{0,4}\\d?)\\b`,
  'i',
);
/** A capitalised name as written, with its apostrophe or inner capital: "Smith", "O'Brien", "McDonald", "Ann-Marie". */
const CAPITAL_NAME = "[A-Z][a-z]*(?:['’]?[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?";
const NAME_TITLED = new RegExp(`\\b(Mr|Mrs|Ms|Miss|Dr)\\.? (${CAPITAL_NAME})(?: (${CAPITAL_NAME}))?(?![A-Za-z])`);
const NAME_SAID = new RegExp(
  `(?<!\\bmy )\\b(?:name(?:'s| is)?|called|[Pp]atient is|[Pp]atient's name is|[Pp]atient'?s|[Pp]atient|[Pp]t\\.?)[:\\s]+(?!I\\b)(${CAPITAL_NAME} (?!I\\b)${CAPITAL_NAME})(?![A-Za-z])`,
);
const NAME_TITLED_LOWER = /\b(?:mr|mrs|ms|miss|mister|missus|dr)\.? [a-z'’-]+(?: [a-z'’-]+)?/g;
/**
 * A titled name as speech recognition writes it, all lower case ("mister kenneth lowe", "mrs sheila grant"): the
 * surname word must not be one that goes on with the sentence ("mrs grant who lives …" keeps "Mrs Grant").
 */
const NAME_TITLED_SPOKEN =
  /\b(mr|mrs|ms|miss|mister|missus)\.? ([a-z][a-z'’-]+)(?: (?!(?:who|is|was|has|had|and|at|in|on|with|from|aged|age|lives|living|s|she|he|her|his|the|a|an|years?|call|nhs|no)\b)([a-z][a-z'’-]+))?/;
/**
 * "patient is marjorie hughes seventy three": a name said after its cue, as speech recognition writes it (all lower
 * case). Read only from a message with no capital letters, and neither word a filler, number or description.
 */
const NAME_SAID_SPOKEN =
  /(?<!\bmy )\b(?:patient(?:'s name)? is|patient's|name is|name's|called)\s+([a-z][a-z'’-]+) ([a-z][a-z'’-]+)\b/;
const NOT_A_NAME =
  /^(?:very|quite|really|still|now|unwell|poorly|confused|breathless|fallen|known|currently|alert|drowsy|stable|not|being|having|male|female|elderly|frail|bed|housebound|end|palliative|diabetic|a|an|the)$/;
const POSTCODE = /\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b/g;
const AGE =
  /\b(\d{1,3})[- ]?(?:years?|yrs?|yr)[- ]?old\b|\baged (\d{1,3})\b|\b(\d{1,3}) ?(?:y\/?o|yo)\b|\b(\d{1,3}) year old\b/;
const LOCATION =
  /\b(?:at|in) (?:(?:his|her|their|the patient'?s|patient'?s|own|the) )*(?:home|house|flat|property)\b|\b(?:(?:[a-z]+ ){0,2}(?:care home|nursing home|residential home|sheltered housing|hostel))\b|\b(?:in|on) the (?:street|road|high street|park|shop)\b/;

/** Words that carry no part of a presenting problem: what is left of a part after these and the other facts. */
const FILLER = new Set(
  (
    'a an and the this is it its im i am we were are here there calling from on behalf of with for to need needs ' +
    'needing please handover hand over handing patient pt crew ambulance service call sign callsign number nhs name ' +
    'dob born date birth postcode address at home his her their house flat years year yrs old aged y o yo male ' +
    'female man woman gentleman lady gent mr mrs ms miss sir ok okay so yeah yes hi hello morning afternoon evening ' +
    'just can you could like would want wanting requesting request referral refer referring about regarding re have ' +
    'got we ve weve been who in at of on scene our my me us be will that he she they them him rapid response ' +
    'admission avoidance advice urgent visit today hour hours two 2hr duty clinician team community obs ' +
    'observations zero one three four five six seven eight nine ten double triple oh nought paramedic las secamb ' +
    'gp 111 london professional technician emt ecp practitioner doctor nurse call handler clinical adviser advisor health ' +
    'sorry correction not no yes thanks thank your do does did team got ive youve weve ive lady gentleman january february march april may june july august september ' +
    'october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty ' +
    'seventy eighty ninety hundred point news news2 mister missus there ucr rgn rmn ra ' +
    // A date of birth said in words ("twenty third of the fourth nineteen forty four") and a name's cue are no problem.
    'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth ' +
    'fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth called age pt patients shes hes theyre'
  ).split(' '),
);

const OBSERVATION_WORDS =
  /\b(?:resp(?:iratory|iration)?s?(?: rate)?|rr|breathing rate|breaths? per minute|sats?|saturations?|saturating|spo2|o2|oxygen(?: sats| saturations?| levels?)?|bp|blood pressure|systolic|diastolic|sbp|pulse|heart rates?|hr|temp(?:erature)?|tympanic|gcs|alert|on air|room air|percent|over|litres?|l|bm|blood sugar|glucose|cbg)\b/g;

function first<T>(text: string, table: [RegExp, T][]): T | undefined {
  let best: { at: number; value: T } | undefined;
  for (const [re, value] of table) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, value };
  }
  return best?.value;
}

/** "call sign alpha one two": the digits said as words after "call sign" (only there: "one of" is not a 1). */
function callSignDigits(text: string): string {
  return text.replace(
    /(\bcall ?sign\b)(.{0,40})/i,
    (_m, cue: string, rest: string) =>
      cue +
      rest.replace(/\b(zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/gi, (w) => DIGITS[w.toLowerCase()]),
  );
}

/** "Delta Romeo one three" → "Delta Romeo 13": number words right after phonetic-alphabet words are digits. */
function natoDigits(text: string): string {
  const words = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)';
  return text.replace(
    new RegExp(`\\b((?:${NATO})(?:[\\s-]+(?:${NATO}))?)((?:[\\s-]+${words})+)\\b`, 'gi'),
    (_m, call: string, digits: string) =>
      `${call} ${digits
        .trim()
        .split(/[\s-]+/)
        .map((w) => DIGITS[w.toLowerCase()])
        .join('')}`,
  );
}

/** "alpha 12" → "Alpha 12"; "k 4 2" → "K42"; "echo tango 4 1" → "Echo Tango 41". */
function tidyCallSign(raw: string): string {
  const spaced = raw.trim().replace(/(\d)\s+(?=\d)/g, '$1');
  return spaced.replace(/\b([a-z])([a-z]*)/gi, (_m, a: string, rest: string) => a.toUpperCase() + rest.toLowerCase());
}

/**
 * A part that only gives the caller's own name ("this is Sam Patel", "I'm Bola"): read on the original text, since a
 * name is written with capitals and "it's bleeding" is not a name.
 */
const OWN_NAME_ONLY =
  /^(?:(?:hi|hello|good \w+)[\s,.!-]*)?(?:[Tt]his is|[Ii]t'?s|[Ii]'?m|I am|[Mm]y name is|[Mm]y name's)\s+(?:Dr\.? )?[A-Z][a-z'-]+(?: [A-Z][a-z'-]+){0,2}$/;

/**
 * Where a message said in one breath (the phone line writes no commas) moves on to another fact: "… call sign romeo
 * two one five referring for … obs resp eighteen … news two zero …". Split there as at a comma.
 */
const SPOKEN_BREAKS =
  /\s+(?=(?:call ?sign|nhs (?:number|no)|obs|observations|news ?(?:2|two)?|needs?|needing|referring|requesting|on scene|patient is|patient's name)\b)/i;
/** A call sign, an NHS number: taken out of a part, so what else the part says can still be the problem. */
const NHS_SPAN = /\bnhs(?: number| no\.?)?(?: is)?[:\s]*\d(?:\s?\d){9}\b/gi;
/** Words a long part may start with before the problem itself ("referring for two hour response 76 year old lady"). */
const PRONOUNS = new Set(['he', 'she', 'they', 'his', 'her', 'their', 'him', 'them', 'it']);
const LONG_PART_WORDS = 6;

function leadingFillerTrimmed(part: string): string {
  const words = part.split(/\s+/);
  if (words.length <= LONG_PART_WORDS) return part;
  let i = 0;
  while (i < words.length - 1) {
    const w = words[i].toLowerCase().replace(/['’.,:;]/g, '');
    if (PRONOUNS.has(w) || !(FILLER.has(w) || w.length <= 1 || /^\d+$/.test(w))) break;
    i++;
  }
  return words.slice(i).join(' ');
}

/** Words of a part that are none of the other facts' words. */
function ownWords(lower: string): string[] {
  const words = lower
    .replace(POSTCODE, ' ')
    .replace(NAME_TITLED_LOWER, ' ')
    .replace(OBSERVATION_WORDS, ' ')
    .replace(/\d+(?:\.\d+)?%?/g, ' ')
    .replace(/['’]/g, '')
    .match(/[a-z]+/g);
  return (words ?? []).filter((w) => w.length > 1 && !FILLER.has(w));
}

/**
 * The parts of a message that are none of the other facts: the presenting problem, as the caller put it. A call sign
 * or NHS number is taken out of its part rather than the part dropped, so "NHS number 999… he's had a fall" keeps the
 * fall; a part that only says who is calling ("hi it's alex from london ambulance") is not a problem.
 */
function problemParts(original: string, patientName?: string): string | undefined {
  const name = patientName?.toLowerCase().replace(/^(?:mr|mrs|ms|miss|dr)\.? /, '');
  // Spoken digits are read as figures ("nine nine nine …" is an NHS number to take out), but figures already written
  // are left as they are: "NHS 111, 88 year old" must not run together.
  const parts = (/\d/.test(original) ? original : digitsFromSpeech(original))
    .split(
      /[,;!?\n]+|\.(?=\s|$)|\s+-\s+|\s+(?:and|but) (?=(?:needs?|needing|requesting|call ?sign|nhs|rr|sats|pulse|bp)\b)/i,
    )
    .flatMap((p) => p.split(SPOKEN_BREAKS))
    .map((p) => p.trim())
    .filter(Boolean);
  const kept: string[] = [];
  for (const part of parts) {
    if (OWN_NAME_ONLY.test(part)) continue;
    let rest = callSignDigits(part).replace(new RegExp(CALL_SIGN.source, 'gi'), ' ');
    if (CALL_SIGN_UNCUED.test(natoDigits(rest.toLowerCase()))) continue;
    rest = rest.replace(NHS_SPAN, ' ');
    if (name) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      rest = rest.replace(new RegExp(`\\b(?:(?:mr|mrs|ms|miss|mister|missus|dr)\\.? )?${escaped}\\b`, 'gi'), ' ');
    }
    rest = rest.replace(/\s+/g, ' ').trim();
    const lower = rest.toLowerCase();
    if (/\bnhs\b/.test(lower) && /\d/.test(lower)) continue;
    if (SELF.some((re) => re.test(lower)) && PLACE_ORGANISATION.test(lower)) continue;
    const own = ownWords(lower);
    if (!own.length) continue;
    // A postcode spelt out on the phone ("she's at SW seventeen zero QT") is where the patient is, not a problem.
    if (findPostcode(rest) && own.every((w) => w.length <= 3)) continue;
    // Who is calling, said by name ("hi it's alex from london ambulance", "it's paramedic sam o'brien"): not a problem.
    const saysWho = SELF.some((re) => re.test(lower)) || !!first(lower, ORGANISATIONS) || !!first(lower, ROLES);
    if (saysWho && own.length <= 2) continue;
    // A part that only names a place of work ("Balham Park Surgery") is the caller's organisation or practice.
    if (!ownWords(lower.replace(PLACE_ORGANISATION, ' ')).length) continue;
    kept.push(leadingFillerTrimmed(rest));
  }
  const problem = kept.join(', ');
  return problem.length ? problem.slice(0, 500) : undefined;
}

const TITLES: Record<string, string> = { mr: 'Mr', mister: 'Mr', mrs: 'Mrs', missus: 'Mrs', ms: 'Ms', miss: 'Miss' };
const capitalised = (w: string) =>
  w.replace(/(^|['’-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());

/** "mister kenneth lowe" → "Mr Kenneth Lowe". */
function spokenTitledName(m: RegExpExecArray): string {
  return [TITLES[m[1]] ?? m[1], m[2], m[3]]
    .filter(Boolean)
    .map((w, i) => (i ? capitalised(w!) : w))
    .join(' ');
}

/** Two capitalised words opening a message, before a pause, an age or a date ("Elsie Ward 90yo female", "Ivy Moss, 4/5/40"). */
const LEADING_NAME = new RegExp(
  `^(?:[Pp]t\\.?\\s+|[Pp]atient:?\\s+)?(${CAPITAL_NAME} ${CAPITAL_NAME})(?=\\s*(?:[,.;:(]|$|\\d|(?:aged?|dob|born|nhs)\\b))`,
);

/**
 * The patient's name given as the answer to the patient question, with no cue ("Elsie Ward 90yo female"): only there,
 * since a message that opens with two capitalised words is otherwise as likely a place or a service ("Tooting Bec").
 */
export function nameAnswered(text: string): string | undefined {
  const m = LEADING_NAME.exec(withoutSpelledWords(text.trim()));
  if (!m) return undefined;
  const words = m[1].toLowerCase().split(' ');
  if (words.some((w) => FILLER.has(w) || NOT_A_NAME.test(w))) return undefined;
  return m[1];
}

/** Reads the handover facts in one message. Never throws on any input. */
export function findHandoverFacts(said: string): HandoverFacts {
  const text = withoutSpelledWords(said);
  const spoken = digitsFromSpeech(text);
  const t = spoken.toLowerCase().replace(/['’]/g, "'");
  // As written first ("Kilo 4, 79 year old" is not "Kilo 479"), then with spoken digits ("alpha one two").
  const callSign =
    CALL_SIGN.exec(text) ??
    CALL_SIGN.exec(spoken) ??
    CALL_SIGN.exec(callSignDigits(text)) ??
    CALL_SIGN_UNCUED.exec(natoDigits(spoken));
  const titled = NAME_TITLED.exec(text);
  const named = NAME_SAID.exec(text);
  const spokenName = NAME_TITLED_SPOKEN.exec(t);
  const spokenSaid = text === text.toLowerCase() ? NAME_SAID_SPOKEN.exec(t) : null;
  const saidName =
    spokenSaid && [spokenSaid[1], spokenSaid[2]].every((w) => !FILLER.has(w) && !NOT_A_NAME.test(w))
      ? `${capitalised(spokenSaid[1])} ${capitalised(spokenSaid[2])}`
      : undefined;
  const age = AGE.exec(t) ?? AGE.exec(numbersFromSpeech(t));
  const location = LOCATION.exec(t);
  const place = PLACE_ORGANISATION.exec(t);
  const role = first(t, ROLES);
  let organisation = first(t, ORGANISATIONS);
  if (!organisation && place && !/care home|nursing home/.test(place[1]) && role) {
    // "from Tooting medical centre": the place's own words, as written, without the words around them.
    const said = spoken.slice(place.index, place.index + place[1].length).split(' ');
    while (said.length > 1 && FILLER.has(said[0].toLowerCase())) said.shift();
    organisation = said.join(' ');
  }
  if (role?.startsWith('111') && organisation === 'NHS 111') organisation = undefined;
  const facts: HandoverFacts = {
    selfIdentified: SELF.some((re) => re.test(t)),
    role,
    organisation,
    callSign: callSign ? tidyCallSign(callSign[1]) : undefined,
    patientName:
      titled && !(titled[1] === 'Dr' && CALLER_DOCTOR.test(text))
        ? titled[0]
        : (named?.[1] ?? (spokenName ? spokenTitledName(spokenName) : saidName)),
    age: age ? Number(age[1] ?? age[2] ?? age[3] ?? age[4]) : undefined,
    location: location ? location[0].trim() : undefined,
    need: first(t, NEEDS),
    connectNow: CONNECT_NOW.test(t),
    noObservations: NO_OBS.test(t),
    problem: undefined,
  };
  facts.problem = problemParts(text, facts.patientName);
  if (facts.age !== undefined && !(facts.age > 0 && facts.age < 120)) delete facts.age;
  return facts;
}
