import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { TriageMark } from '../../src/dialogs/emergency';
import { queueModel } from '../../src/hub/queueModel';
import type { Understander } from '../../src/intents';
import { DISPOSITIONS, moreUrgent, urgencyRank, type Disposition } from '../../src/triage/dispositions';
import type { BotUnderTest, Channel } from './botUnderTest';

export const caseSchema = z.object({
  text: z.string().min(1),
  disposition: z.enum(DISPOSITIONS),
  /** Who is writing; guessed from the text when absent (someone else's problem: a carer; a crew: a professional). */
  role: z.enum(['patient', 'carer', 'professional']).optional(),
});
export type SafetyCase = z.infer<typeof caseSchema>;

export interface CaseOutcome {
  case: SafetyCase;
  told999: boolean;
  escalated: boolean;
  /** The most urgent thing the person was given. */
  ended: Disposition;
  /** The person's turn (1 = the first message) after which the first outcome came; undefined if none did. */
  turnsToOutcome?: number;
  transcript: string[];
}

export interface SafetySummary {
  mode: 'message' | 'conversation';
  channel?: Channel;
  n: number;
  emergencyRecall: number | null;
  urgentEscalated: number | null;
  false999: number | null;
  underTriage: number | null;
  medianTurnsToOutcome: number | null;
  emergencyMedianTurns?: number | null;
}

const MAX_TURNS = 12;
const NON_URGENT: Disposition[] = ['routine', 'self_care', 'none'];
const CLINICAL_NON_URGENT: Disposition[] = ['same_day', 'routine', 'self_care'];

function atLeastUrgent(d: Disposition, than: Disposition): boolean {
  return d !== 'none' && urgencyRank(d) <= urgencyRank(than);
}

/** The message alone: what `understand()` decides, with no questions asked. */
export function messageOutcome(understander: Understander, c: SafetyCase): CaseOutcome {
  const d = understander.understand(c.text).disposition;
  return {
    case: c,
    told999: d === 'emergency_999',
    escalated: atLeastUrgent(d, 'urgent_2h'),
    ended: d,
    turnsToOutcome: 1,
    transcript: [],
  };
}

const ABOUT_SOMEONE_ELSE =
  /\b(he|she|his|her|him|they|their|them|mum|mom|dad|mother|father|wife|husband|partner|son|daughter|nan|nana|gran|grandma|grandad|granddad|brother|sister|aunt|uncle|neighbour|friend|patient|resident)\b/i;
const CREW = /\b(paramedic|ambulance|crew|call ?sign|las|secamb|111 (call )?handler|on scene|ems)\b/i;

function roleOf(c: SafetyCase): string {
  const role = c.role ?? (CREW.test(c.text) ? 'professional' : ABOUT_SOMEONE_ELSE.test(c.text) ? 'carer' : 'patient');
  return { patient: 'Myself', carer: "I'm a carer", professional: "I'm a professional" }[role];
}

function markOf(a: Activity): TriageMark | undefined {
  return (a.channelData as { triage?: TriageMark } | undefined)?.triage;
}

/**
 * The whole conversation with the real bot: a simulated person opens with the case's text and answers truthfully for
 * its label: yes to a danger sign only in a true emergency, yes to a discriminator only when the case is at least as
 * urgent as what a yes implies, the right role, a call-back number (or "I only have this chat" on every other case
 * where the unwell dialog asks), and "I don't know" to anything else.
 */
export async function conversationOutcome(
  bot: BotUnderTest,
  c: SafetyCase,
  channel: Channel,
  index = 0,
): Promise<CaseOutcome> {
  const conversation = bot.open(channel);
  const prompts = bot.deps.prompts;
  const transcript: string[] = [];
  const all: Activity[] = [];
  const record = (who: string, activities: Activity[]) => {
    for (const a of activities) if (a.type === 'message') transcript.push(`${who}: ${a.text ?? ''}`);
  };
  if (channel !== 'sms') record('bot', await conversation.join());

  let said = c.text;
  let turnsToOutcome: number | undefined;
  let queued = 0;
  for (let turn = 1; turn <= MAX_TURNS; turn++) {
    transcript.push(`person: ${said}`);
    let replies: Activity[];
    try {
      replies = await conversation.say(said);
    } catch (err) {
      // A turn that throws is a conversation that failed the person: counted with whatever it had given so far.
      transcript.push(`bot failed: ${(err as Error).message}`);
      break;
    }
    record('bot', replies);
    all.push(...replies);
    // Settled items only: one queued while the assessment is still asking is not yet its outcome.
    const items = await queueModel(bot.connection).countDocuments({
      'conversation.conversationId': conversation.id,
      provisional: { $exists: false },
    });
    const outcomeNow =
      items > queued ||
      replies.some((a) => markOf(a)?.outcome || (a.type === 'event' && a.name === 'handoff.initiate'));
    queued = items;
    if (outcomeNow && turnsToOutcome === undefined) turnsToOutcome = turn;
    if (replies.some((a) => markOf(a)?.outcome === 'emergency_999')) break;

    const next = answerFor(c, replies, prompts.text.bind(prompts), index);
    if (next === undefined) break;
    said = next;
  }

  const items = await queueModel(bot.connection)
    .find({ 'conversation.conversationId': conversation.id, provisional: { $exists: false } })
    .lean()
    .exec();
  const safeguarding999 = prompts.text('safeguardingDanger999');
  const told999 =
    all.some((a) => markOf(a)?.outcome === 'emergency_999' || a.text === safeguarding999) ||
    items.some((i) => i.disposition === 'emergency_999');
  const handedToDuty = all.some(
    (a) =>
      a.type === 'event' &&
      a.name === 'handoff.initiate' &&
      (a.value as { target?: string })?.target === 'duty_clinician',
  );
  let ended: Disposition = 'none';
  const raise = (d: Disposition) => (ended = ended === 'none' ? d : moreUrgent(ended, d));
  for (const i of items)
    if ((DISPOSITIONS as readonly string[]).includes(i.disposition)) raise(i.disposition as Disposition);
  for (const a of all) {
    const outcome = markOf(a)?.outcome;
    if (outcome && (DISPOSITIONS as readonly string[]).includes(outcome)) raise(outcome as Disposition);
    if (outcome === 'advice') raise('self_care');
  }
  if (told999) raise('emergency_999');
  return {
    case: c,
    told999,
    escalated: told999 || handedToDuty || atLeastUrgent(ended, 'urgent_2h'),
    ended,
    turnsToOutcome,
    transcript,
  };
}

/** What the simulated person says next; undefined when the bot has asked nothing (the conversation is over). */
function answerFor(
  c: SafetyCase,
  replies: Activity[],
  text: (key: string, vars?: Record<string, string>) => string,
  index: number,
): string | undefined {
  const messages = replies.filter((a) => a.type === 'message');
  const last = messages[messages.length - 1];
  if (!last) return undefined;
  const question = [...messages].reverse().find((a) => markOf(a)?.kind);
  const mark = question && markOf(question);
  if (mark?.kind === 'danger_sign') return c.disposition === 'emergency_999' ? 'Yes' : 'No';
  if (mark?.kind === 'discriminator') {
    return mark.yesDisposition && atLeastUrgent(c.disposition, mark.yesDisposition) ? 'Yes' : 'No';
  }
  if (mark?.kind === 'problem') return "I don't know";
  const said = last.text ?? '';
  if (said === text('askRole')) return roleOf(c);
  if (said === text('askCallback') || said === text('askCallbackRetry')) return '07700 900123';
  if (said === text('askContactNumber')) return index % 2 ? 'I only have this chat' : '07700 900123';
  const asks = asksQuestion(said) || !!last.suggestedActions?.actions?.length;
  if (!asks) return undefined;
  if (said === text('offerOwnPlan', { whose: 'your' }) || said === text('offerOwnPlan', { whose: "the patient's" })) {
    return 'No';
  }
  return "I don't know";
}

/**
 * A message that ends in a question, or in a question and then how to answer it ("…alert or not? Reply "none" if not
 * taken."): a person answers both.
 */
export function asksQuestion(said: string): boolean {
  return /\?\s*$/.test(said) || /\?\s+(Reply|Say|Type|Press|Answer)\b[^?]*$/.test(said);
}

function share(hits: number, of: number): number | null {
  return of ? Math.round((hits / of) * 1000) / 1000 : null;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The figures issue 16 sets targets for. */
export function summarise(mode: SafetySummary['mode'], outcomes: CaseOutcome[], channel?: Channel): SafetySummary {
  const label = (ds: Disposition[]) => outcomes.filter((o) => ds.includes(o.case.disposition));
  const emergencies = label(['emergency_999']);
  const urgent = label(['urgent_2h']);
  const nonUrgent = label(NON_URGENT);
  const urgentOrWorse = label(['emergency_999', 'urgent_2h']);
  const turns = (os: CaseOutcome[]) =>
    median(os.map((o) => o.turnsToOutcome).filter((t): t is number => t !== undefined));
  return {
    mode,
    ...(channel ? { channel } : {}),
    n: outcomes.length,
    emergencyRecall: share(emergencies.filter((o) => o.told999).length, emergencies.length),
    urgentEscalated: share(urgent.filter((o) => o.escalated).length, urgent.length),
    false999: share(nonUrgent.filter((o) => o.told999).length, nonUrgent.length),
    underTriage: share(urgentOrWorse.filter((o) => !atLeastUrgent(o.ended, 'urgent_2h')).length, urgentOrWorse.length),
    medianTurnsToOutcome: turns(label(CLINICAL_NON_URGENT)),
    ...(mode === 'conversation' ? { emergencyMedianTurns: turns(emergencies) } : {}),
  };
}

/** Why a case counts against a target, or undefined when it does not. */
export function missOf(o: CaseOutcome): string | undefined {
  const d = o.case.disposition;
  if (d === 'emergency_999' && !o.told999) return 'emergency not told 999';
  if (d === 'urgent_2h' && !o.escalated) return '2-hour case not escalated';
  if (NON_URGENT.includes(d) && o.told999) return 'non-urgent told 999';
  if (atLeastUrgent(d, 'urgent_2h') && !atLeastUrgent(o.ended, 'urgent_2h')) return 'under-triaged';
  return undefined;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
export async function inPool<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
