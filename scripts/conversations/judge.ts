import type { Connection } from 'mongoose';
import { ESCALATIONS, type ConversationCase, type Outcome } from './conversationCase';

/**
 * The questions whose answers a blind set marks as already given. Matched on what the bot asks, in any of its
 * wordings; a question counts when it asks for the fact after one of the person's turns gave it (`GIVEN` below).
 */
const ASKS_FOR: Record<string, RegExp> = {
  role: /your own care|as a carer|who (are you|is this for)|are you (the patient|a carer)/i,
  name: /\bname\b[^.]*\?/i,
  dob: /date of birth/i,
  dateOfBirth: /date of birth/i,
  postcode: /postcode/i,
  nhs: /NHS number/i,
  nhs_number: /NHS number/i,
  nhsNumber: /NHS number/i,
  problem: /what('s| is) (wrong|the (presenting )?problem|happening)|tell me (about|what)|describe/i,
  callsign: /call sign/i,
  call_sign: /call sign/i,
  callSign: /call sign/i,
  observations: /observations/i,
  news: /observations|NEWS/i,
  need: /what do you need/i,
  date: /which (day|date)|what (day|date)|when would you/i,
  phone: /(phone|mobile|call-?back) number|number (we|they|the team) can (call|ring|use)/i,
  callbackNumber: /(phone|mobile|call-?back) number|number (we|they|the team) can (call|ring|use)/i,
  // Someone who said they cannot use the phone must not be asked for a number to ring.
  communicationNeed: /(phone|mobile|call-?back) number|number (we|they|the team) can (call|ring|use)|call you/i,
  age: /how old|their age|patient's age/i,
};

const VISIT_TIME = /\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\b\d{1,2}:\d{2}\b/i;
const HOURS = /\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\b\d{1,2}:\d{2}\b|24 hours|open\b/i;
const PROMISED =
  /getting the duty clinician|putting you through|will (call|ring|contact) you|will be in touch|passed (this|it) to/i;

export interface Evidence {
  texts: string[];
  dialled: boolean;
  marks: string[];
  /** Settled items: what the conversation ended with. */
  queue: { kind: string; disposition: string }[];
  /** Items still provisional (the bot was still asking when the person stopped): not an outcome, but not lost. */
  provisional: number;
  audit: string[];
  feedback: { complaint: boolean }[];
}

/** What the store and the transcript hold for one conversation, since it started. */
export async function gatherEvidence(
  db: Connection,
  conversationId: string,
  since: Date,
  texts: string[],
  dialled: boolean,
): Promise<Evidence> {
  const [queue, audit, feedback, activities] = await Promise.all([
    db.collection('queue_items').find({ 'conversation.conversationId': conversationId }).toArray(),
    db
      .collection('audit')
      .find({ at: { $gte: since }, 'subject.kind': 'appointment' })
      .toArray(),
    db
      .collection('feedback')
      .find({ createdAt: { $gte: since } })
      .toArray(),
    db.collection('transcript_activities').find({ conversationId }).toArray(),
  ]);
  const marks = activities
    .map((d) => (JSON.parse(d.json as string) as { channelData?: { triage?: { outcome?: string } } }).channelData)
    .map((c) => c?.triage?.outcome)
    .filter((o): o is string => !!o);
  return {
    texts,
    dialled,
    marks,
    queue: queue
      .filter((q) => !q.provisional)
      .map((q) => ({ kind: q.kind as string, disposition: q.disposition as string })),
    provisional: queue.filter((q) => !!q.provisional).length,
    audit: audit.map((a) => a.action as string),
    feedback: feedback.map((f) => ({ complaint: !!f.complaint })),
  };
}

export function reached(outcome: Outcome, e: Evidence): boolean {
  const said = e.texts.join('\n');
  const urgentItem = e.queue.some((q) => q.disposition === 'urgent_2h' || q.disposition === 'emergency_999');
  switch (outcome) {
    case 'emergency_999':
      return e.marks.includes('emergency_999') || e.queue.some((q) => q.disposition === 'emergency_999');
    case 'duty_clinician':
      return urgentItem || e.dialled;
    case 'person':
      return e.queue.length > 0 || e.dialled;
    case 'referral':
      return e.queue.some((q) => q.kind === 'referral');
    case 'safeguarding':
      return e.queue.some((q) => q.kind === 'safeguarding');
    case 'visit_changed':
      return e.audit.includes('appointment.changed');
    case 'visit_cancelled':
      return e.audit.includes('appointment.cancelled');
    case 'visit_info':
      return /visit/i.test(said) && VISIT_TIME.test(said);
    case 'advice':
      return e.marks.includes('advice') || /your care plan says|your plan says/i.test(said);
    case 'complaint':
      return e.feedback.some((f) => f.complaint);
    case 'feedback':
      return e.feedback.length > 0;
    case 'information':
      return HOURS.test(said);
  }
}

export interface ConversationResult {
  case: ConversationCase;
  completed: boolean;
  turnsToOutcome?: number;
  /** Bot lines said three times or more. */
  loops: number;
  /** Questions for facts the person had already given. */
  repeatedQuestions: string[];
  lostEscalation: boolean;
  transcript: string[];
}

/**
 * The questions in a bot line: its sentences that end in "?". A read-back before the question ("Noted: paramedic, call
 * sign Kilo 24. The patient's NHS number?") confirms a fact; it does not ask for it.
 */
function questionsIn(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^Noted:[^.?]*[.;]\s*/, ''))
    .filter((s) => s.trim().endsWith('?'));
}

/**
 * What a person's turn looks like when it gives the fact: a question for it counts as asked again only after one of
 * the person's turns gave it. A blind set lists every fact that, once given, must not be asked for; the first time the
 * bot asks for a fact the person has not yet given is the question, not a repeat. Read from the person's words alone,
 * never through the bot's own recognisers. Slots without a pattern here count whenever they are asked.
 */
const DIGITS_10 = /\b\d{3}\s?\d{3}\s?\d{4}\b/;
const SPOKEN_DIGIT = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|treble)';
const GIVEN: Record<string, { test(said: string): boolean }> = {
  name: {
    test: (said: string) =>
      /\bname\b|\b(?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z]|[A-Z][a-z'-]+ [A-Z][a-z'-]{2,}/.test(said) ||
      /\b(?:i'?m|i am|it'?s|this is|called|name's) (?!(?:for|about|not|my|the|a|her|his|me|calling|ringing|just|so|very|worried|in|at|on)\b)[a-z'-]{2,} (?!(?:for|about|and|to|the|a|is|me|here|calling|ringing|mum|dad|in|at|on)\b)[a-z'-]{3,}\b/i.test(
        said,
      ),
  },
  dob: new RegExp(
    `\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b(?:19|20)\\d\\d\\b|\\bnineteen\\b|\\b(born|dob|d\\.o\\.b|date of birth)\\b`,
    'i',
  ),
  postcode: /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\bpost ?code\b/i,
  nhs: new RegExp(`${DIGITS_10.source}|(?:${SPOKEN_DIGIT}[ ,]+){9}${SPOKEN_DIGIT}|\\bNHS\\b`, 'i'),
  phone: /\b0\d{2,4} ?\d{3} ?\d{3,4}\b|\+44|\b(?:oh|zero) seven\b/i,
  // A professional's observations, NEWS2 and need are asked of everyone who has not given them: asking is a repeat
  // only after a turn that gave them (set F read: "Observations, if you have them?" on the first turn counted).
  observations:
    /\b(?:obs|observations|rr|resp(?:iratory rate|s)?|sats|spo2|bp|blood pressure|pulse|hr|heart rate|temp(?:erature)?)\b/i,
  news: /\bnews ?2?\b/i,
  need: /\b(?:rapid response|ucr|admission avoidance|advice|advise|2 ?h(?:ou)?rs?|home (?:visit|review)|review at home|come out|visit (?:today|tonight))\b/i,
  callsign:
    /\bcall ?sign\b|\b(?:alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|kilo|lima|mike|romeo|sierra|tango|victor|whiskey|x-?ray|yankee|zulu)\b/i,
};
GIVEN.dateOfBirth = GIVEN.dob;
GIVEN.nhs_number = GIVEN.nhs;
GIVEN.nhsNumber = GIVEN.nhs;
GIVEN.callbackNumber = GIVEN.phone;
GIVEN.call_sign = GIVEN.callsign;
GIVEN.callSign = GIVEN.callsign;

/**
 * A carer's own name ("And what is your own full name?") is not the patient's: asking for it is a repeat only after the
 * person gave their own ("I'm Joan Clarke", "my name is Tom"), not after the patient's (set G read: g20 counted
 * "Marjorie Hughes, 22/07/51" from her husband as his own name given).
 */
const OWN_NAME_ASKED = /\byour own\b[^.?]*\bname\b/i;
const OWN_NAME_GIVEN = /\b(?:i'?m|i am|this is|it'?s|me:?)\s+[A-Z][a-z'-]+|\bmy name\b|\bname'?s\b/;

/** One turn: what the person said and the bot's lines in answer. */
export interface Exchange {
  said: string;
  answer: string[];
}

/** Questions in the bot's answers that ask for a fact the person had already given (`mustNotAskAgain`). */
export function repeatedQuestions(c: ConversationCase, exchanges: Exchange[]): string[] {
  const repeats: string[] = [];
  for (const slot of c.outcome.mustNotAskAgain) {
    const asks = ASKS_FOR[slot];
    if (!asks) continue;
    const given = GIVEN[slot];
    const saidBy = (i: number, fact: { test(said: string): boolean }) =>
      exchanges.slice(0, i + 1).some((x) => fact.test(x.said));
    const line = exchanges
      .flatMap((x, i) =>
        x.answer.filter((l) =>
          questionsIn(l).some(
            (q) =>
              asks.test(q) &&
              (!given || saidBy(i, given)) &&
              (slot !== 'name' || !OWN_NAME_ASKED.test(q) || saidBy(i, OWN_NAME_GIVEN)),
          ),
        ),
      )
      .at(0);
    if (line) repeats.push(`${slot}: ${line.slice(0, 100)}`);
  }
  return repeats;
}

export function loopsIn(botLines: string[]): number {
  const counts = new Map<string, number>();
  for (const line of botLines) {
    const key = line.toLowerCase().replace(/\s+/g, ' ').trim();
    if (key.includes('?')) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n >= 3).length;
}

/** An escalation is lost when the person was due one, or was told one was under way, and the queue has nothing. */
export function lostEscalation(c: ConversationCase, e: Evidence): boolean {
  if (e.queue.length > 0 || e.provisional > 0) return false;
  const due = ESCALATIONS.has(c.expected) && c.leavesAfter !== undefined;
  return due || PROMISED.test(e.texts.join('\n'));
}
