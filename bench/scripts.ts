import type { Activity } from 'botbuilder';
import { DialogPrompts } from '../src/content/dialogPrompts';
import { ChatConversation, choices, said } from './chatClient';
import type { BenchPatient } from './benchData';
import { PhoneCall } from './phoneClient';

/** What went wrong in a conversation: a request that failed, or a reply that was not the one the script expects. */
export class ScriptError extends Error {}

export type Pick = (options: string[]) => string;
export const randomPick: Pick = (options) => options[Math.floor(Math.random() * options.length)];

function expectReply(replies: Activity[] | string, pattern: RegExp, step: string): void {
  const text = typeof replies === 'string' ? replies : said(replies);
  if (!pattern.test(text))
    throw new ScriptError(`${step}: expected ${pattern}, got ${JSON.stringify(text.slice(0, 160))}`);
}

/**
 * The bot's answers to a time someone else took first (two people booking one slot at once, on one instance or on
 * two): their first sentences, in chat and spoken, read from content/prompts/dialogs.yaml so that a change of wording
 * there never turns the person's second pick into an error. A fixed "just been taken" did after the prompt became
 * "that time has just gone": the 39 booking errors of the full run of 7 December were this script's, not the
 * product's, which offered the free times as it should.
 */
const TAKEN = (() => {
  const prompts = DialogPrompts.load().all();
  return ['slotTaken', 'slotNotBooked'].flatMap((key) =>
    [prompts[key].text, prompts[key].speak].map((line) => line.split(/(?<=[.!?])\s/)[0]),
  );
})();

/** Whether a reply says the chosen time was taken by someone else (the person then picks again). */
export const timeWasTaken = (reply: string): boolean => TAKEN.some((sentence) => reply.includes(sentence));

/** 999 234 5678 → "999 234 5678", as people write and say it. */
const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;

/** Chooses which instance takes each turn: always the same one, or alternately across several. */
export type Route = (turn: number) => string;

/** Says one message in an open conversation and returns the bot's replies to it. */
export type Say = (text: string, step: string) => Promise<Activity[]>;

/**
 * The first half of the realistic web chat: greeting, role, "I need to change my appointment", until the bot asks for
 * the NHS number. Returns the way to say the rest. Every reply is checked. `pause` is where the caller waits like a
 * person typing; `turn` times each turn.
 */
export async function askToChangeByChat(
  route: Route,
  turn: (fn: () => Promise<Activity[]>, step?: string) => Promise<Activity[]>,
  pause: () => Promise<void>,
): Promise<Say> {
  let n = 0;
  let conversation: ChatConversation | undefined;
  const started = await turn(async () => {
    const start = await ChatConversation.start(route(n++));
    conversation = start.conversation;
    return start.replies;
  });
  const say: Say = async (text, step) => {
    await pause();
    const base = route(n++);
    return turn(() => conversation!.say(base, text), step);
  };
  expectReply(started, /this is Front Door/, 'welcome');
  expectReply(await say('hello', 'greeting'), /How can I help/, 'greeting');
  expectReply(await say('Myself', 'role'), /What can I help with/, 'role');
  expectReply(await say('I need to change my appointment', 'intent'), /NHS number/, 'intent');
  return say;
}

/**
 * The realistic web chat: greeting, identify as one of the benchmark's fictional patients, change a home visit to
 * another free window, goodbye. Every reply is checked.
 */
export async function changeAppointmentByChat(
  patient: BenchPatient,
  route: Route,
  turn: (fn: () => Promise<Activity[]>, step?: string) => Promise<Activity[]>,
  pause: () => Promise<void>,
): Promise<void> {
  const say = await askToChangeByChat(route, turn, pause);
  expectReply(await say(spaced(patient.nhsNumber), 'NHS number'), /date of birth/, 'NHS number');
  let times = await say(patient.dateOfBirth, 'date of birth');
  // With more than one visit the bot asks which; with one it goes straight to the free times.
  if (/Which visit/.test(said(times))) times = await say(randomPick(choices(times)), 'which visit');
  expectReply(times, /free for a home visit/, 'visit');
  const book = () => say(randomPick(choices(times).filter((c) => c !== 'Keep my visit')), 'new time');
  let booked = await book();
  // Many people book at once: a time just taken is answered with the times still free, and the person picks again.
  for (let retry = 0; retry < 3 && timeWasTaken(said(booked)); retry++) {
    times = booked;
    booked = await book();
  }
  expectReply(booked, /Done\./, 'new time');
  expectReply(await say('goodbye', 'goodbye'), /Take care/, 'goodbye');
}

/**
 * Someone who opens the chat and types an emergency straight away: the bot must answer with 999 at once, and the hub
 * gets a 999 item with a follow-up target (what the breach sweep watches under the benchmark's load).
 */
export async function emergencyByChat(
  route: Route,
  turn: (fn: () => Promise<Activity[]>, step?: string) => Promise<Activity[]>,
  pause: () => Promise<void>,
): Promise<void> {
  let conversation: ChatConversation | undefined;
  const started = await turn(async () => {
    const start = await ChatConversation.start(route(0));
    conversation = start.conversation;
    return start.replies;
  });
  expectReply(started, /this is Front Door/, 'welcome');
  await pause();
  const base = route(1);
  const replies = await turn(
    () => conversation!.say(base, 'my husband has collapsed and is not breathing'),
    'emergency',
  );
  expectReply(replies, /999/, 'emergency');
}

/** The same number of turns through the echo bot, driven the same way. */
export async function echoByChat(
  route: Route,
  turn: (fn: () => Promise<Activity[]>) => Promise<Activity[]>,
  pause: () => Promise<void>,
): Promise<void> {
  let n = 0;
  let conversation: ChatConversation | undefined;
  await turn(async () => {
    const start = await ChatConversation.start(route(n++));
    conversation = start.conversation;
    return start.replies;
  });
  // As many turns as the Front Door script, after the start.
  for (let i = 0; i < 8; i++) {
    await pause();
    const base = route(n++);
    const text = `message ${i}`;
    expectReply(await turn(() => conversation!.say(base, text)), new RegExp(`You said: ${text}`), `echo ${i}`);
  }
}

/**
 * The phone equivalent: a call to the public line, keypad for "Myself", speech for the request and the identifiers,
 * keypad for the visit and the new time, goodbye, and Twilio's final status callback.
 */
export async function changeAppointmentByPhone(
  patient: BenchPatient,
  call: PhoneCall,
  webhook: (fn: () => Promise<string>) => Promise<string>,
  pause: () => Promise<void>,
): Promise<void> {
  const heard: string[] = [];
  const step = async (fn: () => Promise<string>) => {
    const reply = await webhook(fn);
    heard.push(reply.split('\n')[0]);
    return reply;
  };
  try {
    await phoneScript();
  } catch (err) {
    // Which turns led here: the first line the caller heard after each.
    throw new ScriptError(`${(err as Error).message} | heard: ${heard.join(' / ')}`);
  }

  async function phoneScript(): Promise<void> {
    expectReply(await step(() => call.dial()), /this is Front Door/, 'welcome');
    const answer = async (input: { speech?: string; digits?: string }) => {
      await pause();
      return step(() => call.answer(input));
    };
    // 1 on the language menu (issue 22) carries on in English: the first question.
    expectReply(await answer({ digits: '1' }), /your own care/, 'language menu');
    expectReply(await answer({ digits: '1' }), /What can I help with/, 'role');
    expectReply(await answer({ speech: 'I need to change my appointment' }), /NHS number/, 'intent');
    expectReply(await answer({ speech: spaced(patient.nhsNumber) }), /date of birth/, 'NHS number');
    let times = await answer({ speech: patient.spokenDateOfBirth });
    if (/Which visit/.test(times)) times = await answer({ digits: '1' });
    expectReply(times, /These times are free/, 'visit');
    const book = () => answer({ digits: String(1 + Math.floor(Math.random() * 2)) });
    let booked = await book();
    // A time just taken is answered with the times still free; the caller picks again, as in the chat script.
    for (let retry = 0; retry < 3 && timeWasTaken(booked); retry++) booked = await book();
    expectReply(booked, /Done\./, 'new time');
    expectReply(await answer({ speech: 'goodbye' }), /Take care/, 'goodbye');
    await step(() => call.hangUp());
  }
}
