import type { TurnContext } from 'botbuilder';
import type { Role } from '../content/commands';
import { ChoiceRecogniser } from '../intents/answers/choiceRecogniser';
import { dateFeatures, saysWhen } from '../intents/answers/dateFeatures';
import type { Understanding } from '../intents';
import {
  spokenNameBeforeDate,
  spokenOwnGivenName,
  spokenOwnName,
  spokenPatientName,
  withoutSpellingAsides,
} from '../intents/entities/spokenName';
import type { ConversationProfile } from './conversationProfile';
import { VisitReference } from './visitReference';

/** Facts a person has given in any message, kept so no question is asked whose answer was already given. */
export interface SaidSoFar {
  nhsNumber?: string;
  dateOfBirth?: string;
  postcode?: string;
  /** The patient's name, when someone said it ("mum's name is Edith Clarke", or a patient's own "I'm Edith Clarke"). */
  patientName?: string;
  /** The name of the person talking, when they said it ("my name is Joan Clarke"). */
  ownName?: string;
  /** Only the first name of the person talking ("Hi this is Jean, Dennis Powell's daughter"): a carer is asked the rest. */
  ownGivenName?: string;
  /** Who the patient is to a carer ("mum", "husband"). */
  relationship?: string;
  /** The words in which a day or time for a visit was asked for ("can it be Thursday afternoon?"). */
  visitWish?: string;
  /** The visit chosen in this conversation, so a change of mind ("cancel it instead") does not ask which again. */
  visitId?: string;
  /**
   * The words in which a visit was named before the visits were listed ("the second visit", "Thursday's visit", "her
   * matron visit"): read against the list once it is shown, so the person is not asked which visit again.
   */
  visitRef?: string;
}

const ROLE_OPTIONS = ['Myself', "I'm a carer"];
const ROLES: Role[] = ['patient', 'carer'];
const NAME = "([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)+)";
// "my name Edith Clarke": phone recognition drops the "is" (set N).
const OWN_NAME = new RegExp(`\\b(?:my name is|my name's|my name|i am|i'm|im|this is|it's|its) ${NAME}`, 'gi');
/** A name followed by "here" or "speaking", as people open a call or a text ("Arthur Bennett here, …"). */
const NAME_HERE = /((?:[A-Z][a-z'-]+ ){1,3}[A-Z][a-z'-]+),? (?:here|speaking)\b/;
const OWN_GIVEN_NAME = /\b(?:my name is|my name's|i am|i'm|im|this is|it's) ([A-Za-z][a-z'-]+)\b/gi;
/** Words written with a capital after "I'm" or "this is" that are not a first name ("I'm Sorry", "this is Urgent"). */
const NOT_GIVEN_NAMES = new Set(
  'sorry not just worried calling ringing phoning texting writing here the a an very so really looking trying concerned still going on in at back fine ok okay afraid her his their your mum dad urgent about for from with hers'.split(
    ' ',
  ),
);
const PATIENT_NAME = new RegExp(
  `\\b(?:(?:her|his|their|the patient's|mum's|dad's|mother's|father's) name(?: is|'s)|(?:for|about|called|named)) ${NAME}`,
  'gi',
);
/**
 * A relative named with "my" ("my son", "my sister's"): who the patient is to a carer, unless the message speaks of the
 * care as the speaker's own ("cancel my leg clinic, going to my sister's", "my son is taking me to my own GP"), when the
 * relative is only mentioned in passing.
 */
const MY_RELATIVE =
  /\bmy (mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|nan|gran|grandad|grandma|grandmother|grandfather|aunt|uncle|neighbour|friend)(?:'?s)?\b/i;
/**
 * A relative who helps the person talking, so only mentioned in passing: "my daughter usually rings", "my son is taking
 * me", "my son drives me".
 */
const HELPED_BY =
  /\bmy (?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|nan|gran|grandad|grandma|grandmother|grandfather|aunt|uncle|neighbour|friend)(?:'?s)? (?:(?:usually|normally|always|often) (?:rings?|calls?|phones?|deals?|does|sorts?|books?|handles?)\b|(?:(?:is|was|will|would|can) )?(?:takes?|taking|drives?|driving|brings?|bringing|helps?|helping) me\b)/i;
/**
 * Who the patient is to the person talking, said so that it cannot be in passing: "I'm her daughter", "Mum's visit",
 * "for my dad", "Marjorie Hughes's husband", "husband of Marjorie Hughes", "coming to mum".
 */
const RELATIONSHIP_FIRM = [
  /\bi'?m (?:her|his|their) (daughter|son|husband|wife|partner|carer|neighbour|friend|niece|nephew|granddaughter|grandson)\b/i,
  /\b(mum|mom|mother|dad|father|husband|wife|nan|gran|grandad|grandma|grandmother|grandfather|aunt|uncle)'?s (?:visit|visits|nurse|nurses|appointment|appt|dressing|catheter|care|plan|insulin|clinic)/i,
  /\b(?:for|about|on behalf of) my (mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|nan|gran|grandad|grandma|grandmother|grandfather|aunt|uncle|neighbour|friend)(?:'?s)?\b/i,
  /[A-Z][a-z-]+'?s (daughter|son|husband|wife|partner|carer|neighbour|friend|niece|nephew|granddaughter|grandson)\b/,
  /\b(daughter|son|husband|wife|partner|carer|neighbour|niece|nephew|granddaughter|grandson) of [A-Z][a-z-]+/,
  // "Mum", "nan" said alone are always someone else: "when is the nurse coming to mum?"; texted without the apostrophe
  // too ("wen is mums next nurse visit", "can dads review be moved", set M: the role was asked again).
  /(?<!\bmy )\b(mum|mam|mom|dad|nan|nanna|gran|granny|grandad|grandma)(?:'?s)?\b(?! (?:house|place|home))/i,
];
/**
 * The speaker's own care, said with "my": "my leg clinic", "my catheter", "my own GP", "I'm the patient", "visit me".
 * "Me" alone is not: a carer says "ring me".
 */
const OWN_CARE =
  /\bmy (?:own\b|(?:(?:district|heart|diabetes|leg) )?(?:visit|visits|appointment|appointments|appt|nurse|nurses|matron|catheter|leg|legs|clinic|dressing|dressings|bandage|bandages|ulcer|plan|care|sugar|sugars|insulin|diabetes|diabetic|review|injections?|wound|stoma|pressure sore)\b)|\bi'?m the patient\b|\bi am the patient\b|\b(?:see|visit|visiting|come to) me\b/i;
const VISIT_WORDS =
  /\b(visit|appointment|nurse|come|coming|move|change|rearrange|instead|meant|mean|prefer|rather|better|can it be|how about|what about)\b/i;
const SAID_THIS_TURN = Symbol('saidSoFar.thisTurn');
/** Words with which someone takes back what they have just said ("Thursday, no sorry, Friday"). */
const CORRECTION = /\b(?:no,? sorry|sorry,? i mean[t]?|no,? wait|i mean[t]?|or rather|actually no)\b/i;
/** A sentence about a date of birth (or with a year or a full written date in it), never the time wanted for a visit. */
const BIRTH_WORDS = /\b(?:dob|d\.o\.b|born|birth|birthday|(?:19|20)\d\d)\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/i;

/** Who a carer is to the patient, and who the patient is to them, as people say it when naming one or the other. */
const CARER_IS =
  'daughter|son|husband|wife|partner|carer|neighbour|friend|niece|nephew|granddaughter|grandson|sister|brother';
const PATIENT_IS =
  'mum|mom|mother|dad|father|husband|wife|partner|son|daughter|nan|gran|grandad|grandma|grandmother|grandfather|aunt|uncle|neighbour|friend|sister|brother';
/** One or two capitalised words, then a surname: a name as written, without apostrophes ("I'm" is not part of it). */
const WRITTEN_NAME = '([A-Z][a-z-]+(?: [A-Z][a-z-]+)? [A-Z][a-z-]+)';
/**
 * The patient named by how they are related: "my wife Marjorie Hughes", "my dad, Peter Walsh", "husband of Marjorie
 * Hughes", "Edith Clarke's daughter", "Arthur Bennett's carer from the agency", "Arthur Bennett's visit".
 */
const PATIENT_BY_RELATION = [
  new RegExp(`\\b[Mm]y (?:${PATIENT_IS})(?:,| is| was)? ${WRITTEN_NAME}`),
  new RegExp(`\\b(?:${CARER_IS}) of ${WRITTEN_NAME}`),
  new RegExp(`${WRITTEN_NAME}'?s (?:${CARER_IS}|visit|visits|appointment|appt|nurse|dressing|catheter)\\b`),
  // The name in brackets after who they are: "mum (Edith Clarke) has 2 visits", "mums carer (Edith Clarke)" (set N).
  new RegExp(`\\b(?:${PATIENT_IS})(?:'?s)?(?: (?:${CARER_IS}))? \\(${WRITTEN_NAME}\\)`, 'i'),
];
/** The person talking, named beside how they are related: "I'm her husband, Tom Hughes", "Tom Hughes, husband". */
const OWN_BY_RELATION = [
  new RegExp(`\\b(?:[Ii]'?m|I am) (?:her|his|their) (?:${CARER_IS}),? ${WRITTEN_NAME}`),
  new RegExp(`(?:^|[.!?] )${WRITTEN_NAME},? (?:(?:her|his|their|the) )?(?:${CARER_IS})\\b`),
];
/** Only their first name: "I'm her husband Tom", "Joan, her daughter", "I'm Joan her daughter". */
const OWN_GIVEN_BY_RELATION = [
  new RegExp(`\\b(?:[Ii]'?m|I am) (?:her|his|their) (?:${CARER_IS}),? ([A-Z][a-z-]+)\\b`),
  new RegExp(`\\b(?:[Ii]'?m|I am) ([A-Z][a-z-]+),? (?:her|his|their) (?:${CARER_IS})\\b`),
  new RegExp(`(?:^|[.!?] )([A-Z][a-z-]+),? (?:her|his|their) (?:${CARER_IS})\\b`),
];

function firstMatch(text: string, patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const found = nameIn(pattern.exec(text)?.[1]);
    if (found) return found;
  }
  return undefined;
}

function firstGivenName(text: string, patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const word = pattern.exec(text)?.[1];
    if (word && !NOT_GIVEN_NAMES.has(word.toLowerCase()) && !NOT_NAME_WORDS.has(word.toLowerCase())) return word;
  }
  return undefined;
}

/**
 * A name written just before a date of birth ("Leonard Cho 12/03/1947", "Edith Clarke, DOB 14/03/1939", "Peter Walsh,
 * born 3 May 1940"): the patient's.
 */
const NAME_THEN_DOB =
  /((?:[A-Z][a-z'-]+ ){1,3}[A-Z][a-z'-]+),? (?:(?:DOB|dob|born|d\.o\.b\.?):? )?(?:on )?(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\d{1,2}(?:st|nd|rd|th)? (?:of )?[A-Z][a-z]+,? \d{4}\b)/;
const NOT_NAME_WORDS = new Set([
  'hi',
  'hello',
  'yes',
  'no',
  'please',
  'thanks',
  'patient',
  'name',
  'its',
  // "Im Joan her daughter": "I'm" typed without its apostrophe is not the first word of a name.
  'im',
  'dob',
  'born',
]);

function nameBeforeDateOfBirth(text: string): string | undefined {
  return nameIn(NAME_THEN_DOB.exec(text)?.[1]);
}

/** Two or more capitalised words, without a greeting or other word written with a capital before them. */
function nameIn(found: string | undefined): string | undefined {
  const words = found?.split(' ') ?? [];
  while (words.length && NOT_NAME_WORDS.has(words[0].toLowerCase())) words.shift();
  return words.length >= 2 && !words.some((w) => NOT_NAME_WORDS.has(w.toLowerCase())) ? words.join(' ') : undefined;
}

/** The first name written with capitals: "I'm Joan Clarke" is a name, "I'm not sure" is not. */
function properName(text: string, pattern: RegExp): string | undefined {
  for (const match of text.matchAll(pattern)) {
    const words = match[1].split(' ');
    // Up to the first word without a capital, or one that is not a name ("Amy Chen DOB 01/12/1980").
    const end = words.findIndex((w) => !/^[A-Z]/.test(w) || NOT_NAME_WORDS.has(w.toLowerCase()));
    const capitals = end === -1 ? words : words.slice(0, end);
    if (capitals.length >= 2) return capitals.join(' ');
  }
  return undefined;
}

/** A first name said alone ("this is Jean,"), written with a capital. */
function givenName(text: string): string | undefined {
  for (const match of text.matchAll(OWN_GIVEN_NAME)) {
    const word = match[1];
    if (/^[A-Z]/.test(word) && !NOT_GIVEN_NAMES.has(word.toLowerCase())) return word;
  }
  return undefined;
}

/** Whether a patient or carer says so, in a message about anything ("my mum's nurse", "it's my own visit"). */
export function roleFrom(text: string, now: Date, timeZone: string): Role | undefined {
  const reading = ChoiceRecogniser.load().recognise(text, ROLE_OPTIONS, 'identity.role', { now, timeZone });
  return reading?.kind === 'choice' && reading.how === 'said' ? ROLES[reading.index] : undefined;
}

/**
 * Fills the conversation's slots from one message: identifiers, names, relationship, phone number, visit times and,
 * when nobody has said yet, whether this is a patient or a carer. Runs on every message before any dialog sees it,
 * so a dialog asks only for what is still missing. What this turn added is remembered for `saidThisTurn`.
 */
export function fillFromMessage(
  context: TurnContext,
  profile: ConversationProfile,
  understanding: Understanding,
  when: { now: Date; timeZone: string },
): void {
  // A phone keyboard's apostrophe ("Marjorie Hughes’s husband") is read as the typed one.
  const text = withoutSpellingAsides(understanding.text.replace(/[’‘`]/g, "'"));
  const said: SaidSoFar = (profile.said ??= {});
  const e = understanding.entities;
  const added: (keyof SaidSoFar | 'role' | 'callbackNumber')[] = [];
  const set = <K extends keyof SaidSoFar>(key: K, value: SaidSoFar[K] | undefined) => {
    if (value === undefined || said[key] === value) return;
    said[key] = value;
    added.push(key);
  };
  set('nhsNumber', e.nhsNumber);
  set('dateOfBirth', e.dateOfBirth);
  set('postcode', e.postcode);
  set(
    'patientName',
    properName(text, PATIENT_NAME) ??
      firstMatch(text, PATIENT_BY_RELATION) ??
      (e.dateOfBirth ? nameBeforeDateOfBirth(text) : undefined) ??
      spokenPatientName(text) ??
      (e.dateOfBirth ? spokenNameBeforeDate(text) : undefined),
  );
  // "I'm Arthur Bennett's carer" names the patient, not the person talking.
  const own = (
    firstMatch(text, OWN_BY_RELATION) ??
    properName(text, OWN_NAME) ??
    nameIn(NAME_HERE.exec(text)?.[1]) ??
    spokenOwnName(text)
  )?.replace(/'s$/, '');
  // "Hi, I'm Joan Clarke, Edith Clarke's daughter": the name after "I'm" is the person talking, unless it is the patient's.
  if (own !== said.patientName) set('ownName', own);
  const given = firstGivenName(text, OWN_GIVEN_BY_RELATION) ?? givenName(text) ?? spokenOwnGivenName(text);
  // "it's Edith Clarke" from a carer names the patient: "Edith" is not the carer's first name.
  if (!said.ownName && given !== said.patientName?.split(' ')[0]) set('ownGivenName', given);
  // The speaker's own care, or a relative who helps them: someone else named with "my" is only in passing.
  const ownCare = OWN_CARE.test(text) || HELPED_BY.test(text);
  const relation =
    RELATIONSHIP_FIRM.map((r) => r.exec(text)?.[1]).find(Boolean) ??
    (ownCare ? undefined : MY_RELATIVE.exec(text)?.[1]);
  set('relationship', relation?.toLowerCase());
  if (e.phoneNumber && profile.callbackNumber !== e.phoneNumber) {
    profile.callbackNumber = e.phoneNumber;
    added.push('callbackNumber');
  }
  const visits = VisitReference.load();
  const wish = wishIn(text, visits, when);
  if (wish) set('visitWish', wish.slice(0, 200));
  // A visit named by its place or day replaces one named before; other words about a visit ("her matron visit") are
  // kept only while nothing better was said.
  if (visits.namesVisit(text) || (VISIT_WORDS.test(text) && !said.visitRef)) set('visitRef', text.slice(0, 200));
  if (!profile.role) {
    const role = said.relationship ? 'carer' : ownCare ? 'patient' : roleFrom(text, when.now, when.timeZone);
    if (role) {
      profile.role = role;
      added.push('role');
    }
  }
  context.turnState.set(SAID_THIS_TURN, added);
}

/**
 * The time wanted for a visit, from the sentence that asks for it: "Mum's DOB is 14/03/1939. Can we move her visit to
 * Thursday afternoon? She's at the hospital in the morning" wants Thursday afternoon (not the birth date's sentence,
 * nor the morning she is busy). "Thursday's visit" names the visit, "to Thursday" the time wanted: only what is left
 * once the visit is named counts.
 */
function wishIn(
  text: string,
  visits: VisitReference,
  when: { now: Date; timeZone: string },
  aboutVisit = false,
): string | undefined {
  // "The day after tomorrow, no sorry, tomorrow … can he come in the afternoon": what follows the correction stands.
  const corrected = aboutVisit ? text : text.split(CORRECTION).pop()!;
  if (corrected !== text && VISIT_WORDS.test(text)) {
    const wish = wishIn(corrected, visits, when, true);
    if (wish) return wish;
  }
  for (const sentence of text.split(/[.!?;\n]+/)) {
    if (!(aboutVisit || VISIT_WORDS.test(sentence)) || BIRTH_WORDS.test(sentence)) continue;
    const wish = visits.withoutMention(sentence);
    if (saysWhen(dateFeatures(wish, when.now, when.timeZone))) return wish;
  }
  return undefined;
}

/** What the message of this turn added to what was said. */
export function saidThisTurn(context: TurnContext): string[] {
  return (context.turnState.get(SAID_THIS_TURN) as string[] | undefined) ?? [];
}

/** After a failed identity check the details are asked for again, not reused. */
export function forgetIdentity(profile: ConversationProfile): void {
  if (!profile.said) return;
  for (const key of ['nhsNumber', 'dateOfBirth', 'postcode', 'patientName', 'ownName', 'ownGivenName'] as const) {
    delete profile.said[key];
  }
}
