import type { Activity } from 'botbuilder';
import { MAX_SMS_SEGMENTS, smsSize } from './smsSegments';
import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { fill } from '../../content/placeholders';
import type { HandoffContext } from '../../dialogs/escalationDialog';
import { menuSentence } from './choiceMenu';
import type { Language } from '../../intents/language/languages';
import { translatedSpeech } from '../../language/translatedSpeech';
import type { MenuLine } from '../../language/phoneLanguageMenu';
import type { PhoneContent } from './phoneContent';

export const HANDOFF_INITIATE = 'handoff.initiate';

/**
 * What the clinician hears about the caller before being connected (after `whisperPrefix`): enough to pick up the
 * call, nothing the caller has not said. Wording from content/voice/phone.yaml.
 */
export function handoffWhisper(voice: PhoneContent['voice'], handoff: HandoffContext): string {
  const caller = voice.whisperCaller[handoff.role ?? 'patient'];
  const { reason, handover } = handoff;
  if (handover) {
    return fill(voice.whisperHandover, {
      urgency: handoff.disposition === 'emergency_999' ? 'emergency' : 'urgent',
      caller: handover.who ? `a ${handover.who}`.replace(/^a ([aeiou])/i, 'an $1') : caller,
      callSign: handover.callSign ? `call sign ${handover.callSign}` : 'no call sign given',
      problem: (handoff.problem || 'a patient').slice(0, 120),
      news2: handover.news2 ?? 'No NEWS2',
      need:
        handover.need && handover.need !== 'not stated'
          ? handover.need.toLowerCase()
          : 'to speak to you (need not stated)',
    });
  }
  if (!handoff.problem) return fill(voice.whisperWithoutProblem, { caller, reason });
  return fill(voice.whisper, { caller, problem: handoff.problem.slice(0, 120), reason });
}

/** A turn's replies as the phone channels use them. */
export interface BotReplies {
  /** Each message's spoken form (voice) in the order the bot sent them: a 999 instruction stays first. */
  spoken: string[];
  /** Each message's written form (SMS). */
  written: string[];
  /** Each message's language (its activity's locale; none for English), in the order of `spoken`. */
  locales: (string | undefined)[];
  /** The last message's suggested actions: what the caller sees or hears as choices, and what each one sends. */
  choices: { label: string; value: string }[];
  handoff?: HandoffContext;
}

export function readReplies(activities: Partial<Activity>[]): BotReplies {
  const replies: BotReplies = { spoken: [], written: [], locales: [], choices: [] };
  for (const activity of activities) {
    if (activity.type === 'event' && activity.name === HANDOFF_INITIATE) {
      replies.handoff = activity.value as HandoffContext;
      continue;
    }
    if (activity.type !== 'message' || !(activity.text || activity.speak)) continue;
    replies.spoken.push(activity.speak || activity.text!);
    replies.written.push(activity.text || activity.speak!);
    replies.locales.push(activity.locale && activity.locale !== 'en-GB' ? activity.locale : undefined);
    const actions = activity.suggestedActions?.actions ?? [];
    replies.choices = actions.map((a) => ({
      label: String(a.title ?? a.value),
      value: String(a.value ?? a.title),
    }));
  }
  return replies;
}

/** A conversation going on in another language (issue 22): its voice and speech codes, and its menu words. */
export interface InLanguage {
  language: Language;
  menus: { keypad: string; reply: string; or: string };
}

/** "Naciśnij 1 Tak, 2 Nie lub 3 Nie wiem.": the menu in the language, each choice by its (translated) label. */
export function localMenuSentence(labels: string[], menus: InLanguage['menus'], channel: 'keypad' | 'reply'): string {
  const parts = labels.map((label, i) => `${i + 1} ${label}`);
  const choices =
    parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${menus.or} ${parts[parts.length - 1]}` : parts[0];
  return fill(menus[channel], { choices });
}

/** Keypad menus stop at 9: "press 10" cannot be one key. */
export const MAX_KEYPAD_CHOICES = 9;

/** Builds the TwiML the phone line answers with; every document comes from Twilio's own builder. */
export class VoiceTwiml {
  constructor(
    private readonly content: PhoneContent,
    private readonly voice: string,
    private readonly translated: Map<string, Language> = translatedSpeech(),
  ) {}

  /**
   * Everything the bot said, then a <Gather> holding its last question and the keypad menu, so the caller can answer
   * by voice or keys and may talk over the question but not over the earlier messages (a 999 instruction).
   */
  gather(
    spoken: string[],
    choices: string[],
    action: string,
    inLanguage?: InLanguage,
    locales: (string | undefined)[] = [],
  ): string {
    const response = new twilio.twiml.VoiceResponse();
    const lines = spoken.length ? spoken : [this.content.voice.listening];
    // In another language each of its lines is said in its voice and the caller is heard in it; the English of a
    // clinical sentence after it keeps the English voice.
    const voiceOf = (i: number) =>
      inLanguage && locales[i] === inLanguage.language.code ? inLanguage.language : undefined;
    lines.slice(0, -1).forEach((line, i) => this.say(response, line, voiceOf(i)));
    const menu = choices.length <= MAX_KEYPAD_CHOICES ? choices : [];
    const gather = response.gather({
      input: ['speech', 'dtmf'],
      language: (inLanguage?.language.gather ?? 'en-GB') as NonNullable<VoiceResponse.GatherAttributes['language']>,
      speechTimeout: 'auto',
      actionOnEmptyResult: true,
      action,
      method: 'POST',
      // The hints are English words: no help to another language's recogniser.
      ...(inLanguage ? {} : { hints: this.content.voice.hints.join(', ') }),
      // A one-key menu answers at once; elsewhere keys are numbers (an NHS number) ended by # or a pause.
      ...(menu.length ? { numDigits: 1 } : { finishOnKey: '#' }),
    });
    this.say(gather, lines[lines.length - 1], voiceOf(lines.length - 1));
    if (menu.length) {
      if (inLanguage) this.sayIn(gather, { text: localMenuSentence(menu, inLanguage.menus, 'keypad'), ...inLanguage });
      else this.say(gather, menuSentence(menu, 'speak', this.content));
    }
    return response.toString();
  }

  /**
   * The language menu (issue 22): the greeting before it, then each option inside a one-key <Gather> in its own
   * language and voice, so an English caller can press 1 or speak over it; silence goes on in English.
   */
  languageMenu(before: string[], lines: MenuLine[], action: string): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const line of before) this.say(response, line);
    const gather = response.gather({
      input: ['speech', 'dtmf'],
      language: 'en-GB',
      speechTimeout: 'auto',
      timeout: 2,
      numDigits: 1,
      actionOnEmptyResult: true,
      action,
      method: 'POST',
      hints: this.content.voice.hints.join(', '),
    });
    for (const line of lines) this.sayIn(gather, line);
    return response.toString();
  }

  /**
   * The caller into a named conference (the interpreter three-way call): they wait, hearing hold music, until the
   * interpreter or the clinician joins, and the call ends for everyone when they hang up. `statusCallback` is where
   * Twilio tells us who joined (InterpreterConference rings the clinician once the interpreter has).
   */
  conference(lines: MenuLine[], name: string, statusCallback?: string): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const line of lines) this.sayIn(response, line);
    response.dial().conference(
      {
        startConferenceOnEnter: false,
        endConferenceOnExit: true,
        beep: 'false',
        participantLabel: 'caller',
        ...joins(statusCallback),
      },
      name,
    );
    return response.toString();
  }

  /**
   * What an interpreter, clinician or patient we rang hears on answering: who is calling and why (a line in English,
   * or lines each in its own language), then the call. `label` names them in the conference's status callbacks.
   */
  participant(
    intro: string | MenuLine[] | undefined,
    name: string,
    role: { starts: boolean; ends: boolean; label?: string; statusCallback?: string },
  ): string {
    const response = new twilio.twiml.VoiceResponse();
    if (typeof intro === 'string') this.say(response, intro);
    else for (const line of intro ?? []) this.sayIn(response, line);
    response.dial().conference(
      {
        startConferenceOnEnter: role.starts,
        endConferenceOnExit: role.ends,
        beep: 'false',
        ...(role.label ? { participantLabel: role.label } : {}),
        ...joins(role.statusCallback),
      },
      name,
    );
    return response.toString();
  }

  /** Put through to a clinician: the whisper plays to them when they answer, before the caller is connected. */
  dial(spoken: string[], dial: { number: string; callerId: string; timeout: number; action: string; whisper: string }) {
    const response = new twilio.twiml.VoiceResponse();
    for (const line of spoken) this.say(response, line);
    response
      .dial({ callerId: dial.callerId, timeout: dial.timeout, action: dial.action, method: 'POST' })
      .number({ url: dial.whisper, method: 'POST' }, dial.number);
    return response.toString();
  }

  /** Say, then end the call. */
  sayAndHangUp(spoken: string[]): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const line of spoken) this.say(response, line);
    response.hangup();
    return response.toString();
  }

  /** What the clinician hears on answering. */
  whisper(summary: string): string {
    const response = new twilio.twiml.VoiceResponse();
    this.say(response, `${this.content.voice.whisperPrefix} ${summary}`);
    return response.toString();
  }

  /** When we could not run the turn: the fail-safe words and, if the rota could be read, the duty clinician. */
  failSafe(speak: string, dutyNumber: string | undefined, callerId: string | undefined): string {
    const response = new twilio.twiml.VoiceResponse();
    this.say(response, speak);
    if (dutyNumber && callerId) response.dial({ callerId }, dutyNumber);
    return response.toString();
  }

  empty(): string {
    return new twilio.twiml.VoiceResponse().toString();
  }

  /** A menu line in its language's voice; English, or a language Twilio cannot say, in the configured voice. */
  private sayIn(parent: VoiceResponse | VoiceResponse.Gather, line: MenuLine) {
    const language = line.language;
    const [voice, code] = language?.say && language.voice ? [language.voice, language.say] : [this.voice, 'en-GB'];
    parent.say(
      {
        voice: voice as NonNullable<VoiceResponse.SayAttributes['voice']>,
        language: code as NonNullable<VoiceResponse.SayAttributes['language']>,
      },
      line.text,
    );
  }

  /**
   * A line in English in the configured voice; a line in another language (issue 22) in that language's voice. A
   * language Twilio has no voice for (Somali) keeps the English voice: the words are still the person's language.
   */
  private say(parent: VoiceResponse | VoiceResponse.Gather, text: string, language?: Language) {
    this.sayIn(parent, { text, language: language ?? this.translated.get(text.trim()) });
  }
}

/**
 * The reply to a text, as few texts as it takes with each within two SMS parts (issue 17: longer ones cost more and
 * split on many phones). The bot's messages are joined in order while they fit, so a turn's answer is usually one
 * text; the first text of a conversation (the welcome and privacy notice before the answer) may be two. Texts can
 * arrive out of order, so whatever leads a reply (the 999 instruction) is always in the first, and the menu goes with
 * the question it answers, in the last.
 */
export function smsTwiml(written: string[], choices: string[], content: PhoneContent, inLanguage?: InLanguage): string {
  const response = new twilio.twiml.MessagingResponse();
  const menu = choices.slice(0, MAX_KEYPAD_CHOICES);
  const sentence = inLanguage ? localMenuSentence(menu, inLanguage.menus, 'reply') : menuSentence(menu, 'sms', content);
  const parts = menu.length ? [...written.slice(0, -1), [...written.slice(-1), sentence].join('\n\n')] : written;
  for (const text of packTexts(parts)) response.message(text);
  return response.toString();
}

function packTexts(parts: string[]): string[] {
  const texts: string[] = [];
  for (const part of parts.filter(Boolean)) {
    const joined = texts.length ? `${texts[texts.length - 1]}\n\n${part}` : '';
    if (joined && smsSize(joined).segments <= MAX_SMS_SEGMENTS) texts[texts.length - 1] = joined;
    else texts.push(part);
  }
  return texts;
}

/** Twilio posts each participant's joining to `statusCallback` (only joins: nothing else is acted on). */
function joins(statusCallback: string | undefined): VoiceResponse.ConferenceAttributes {
  return statusCallback ? { statusCallback, statusCallbackEvent: ['join'], statusCallbackMethod: 'POST' } : {};
}
