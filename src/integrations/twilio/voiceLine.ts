import type { Activity, ConversationAccount, TurnContext } from 'botbuilder';
import type { BotRuntime } from '../../bot/runtime';
import type { CallOutcomes } from './callOutcomes';
import { callerNumberOf, personIdFor } from './phoneNumbers';
import type { PhoneContent } from './phoneContent';
import type { PhoneLine, PhoneState, VoiceStep } from './phoneState';
import type { TransferDesk } from './transfer';
import type { Language } from '../../intents/language/languages';
import { interpreterReason } from '../../language/interpreterRoute';
import type { PhoneLanguageMenu } from '../../language/phoneLanguageMenu';
import type { ServiceRotas } from '../rota/serviceRotas';
import { InterpreterNotReached, type InterpreterConference } from './interpreterConference';
import { TwilioTurnAdapter } from './turnAdapter';
import { handoffWhisper, readReplies, type BotReplies, type InLanguage, type VoiceTwiml } from './twiml';
import { LANGUAGE_CHOSEN } from '../../bot/frontDoorBot';

/** The voice channel's BotAdapter. A live call is driven by Twilio's webhooks only, so nothing can be pushed into it. */
export class VoiceAdapter extends TwilioTurnAdapter {
  protected sendProactive(): Promise<void> {
    return Promise.reject(new Error('A phone call cannot be continued from outside it: call the person back instead.'));
  }
}

export interface VoiceLineDeps {
  runtime: BotRuntime;
  adapter: VoiceAdapter;
  state: PhoneState;
  outcomes: CallOutcomes;
  transfers: TransferDesk;
  twiml: VoiceTwiml;
  content: PhoneContent;
  publicUrl: string;
  minConfidence: number;
  /** The language menu and the interpreter three-way call (issue 22). */
  languages: {
    menu: PhoneLanguageMenu;
    conference: InterpreterConference;
    rotas: Pick<ServiceRotas, 'onDuty'>;
    /** Our number, the caller id the interpreter and the clinician see. */
    callerId: (params: Record<string, string>) => string;
    now: () => Date;
  };
}

/**
 * The phone line's webhooks, each turned into a bot turn and answered with TwiML. State between webhooks lives in the
 * store (a step per <Gather>), so Twilio's next request can land on any instance.
 */
export class VoiceLine {
  constructor(private readonly deps: VoiceLineDeps) {}

  /** A new call. The public line starts with the welcome; the professional line goes straight to the handover. */
  async incoming(params: Record<string, string>, line: PhoneLine, turnId: string): Promise<string> {
    const activity: Partial<Activity> =
      line === 'public'
        ? { ...this.base(params, line, turnId), type: 'conversationUpdate', membersAdded: [this.caller(params)] }
        : { ...this.base(params, line, turnId), type: 'message', text: '' };
    const replies = await this.run(activity);
    if (line === 'public' && !replies.handoff && replies.spoken.length) return this.languageMenu(params, replies);
    return this.respond(params, line, replies);
  }

  /** The <Gather> action: what the caller said or pressed, or nothing, in answer to `step` (read by the route). */
  async gathered(step: VoiceStep | null, params: Record<string, string>, turnId: string): Promise<string> {
    if (!step || step.callSid !== params.CallSid) throw new Error('Gather result for an unknown step');
    if (step.menu) return this.languageChosen(step, params, turnId);
    const digits = (params.Digits ?? '').replace(/[^0-9*]/g, '');
    const speech = (params.SpeechResult ?? '').trim();
    const confidence = params.Confidence === undefined || params.Confidence === '' ? NaN : Number(params.Confidence);
    let text: string | undefined;
    if (digits) text = step.choices[Number(digits) - 1] ?? digits;
    else if (speech && !(confidence < this.deps.minConfidence)) text = speech;
    if (text === undefined) return this.missed(step, params, speech ? 'lowConfidence' : 'noSpeech');

    const activity: Partial<Activity> = {
      ...this.base(params, step.line, turnId),
      type: 'message',
      text,
      channelData: {
        ...this.channelData(params, step.line),
        ...(step.language ? { language: step.language } : {}),
        inputMode: digits ? 'dtmf' : 'speech',
        ...(digits ? { Digits: digits } : { Confidence: Number.isNaN(confidence) ? undefined : confidence }),
      },
    };
    return this.respond(params, step.line, await this.run(activity), step.language);
  }

  /** Twilio's final call status: the conversation is closed, and whatever is still unfinished is a call-back. */
  async ended(params: Record<string, string>, turnId: string): Promise<string> {
    const callSid = params.CallSid;
    await this.deps.outcomes.record(`${callSid}:ended`, {
      callSid,
      outcome: 'call_ended',
      status: params.CallStatus,
      durationSeconds: params.CallDuration ? Number(params.CallDuration) : undefined,
    });
    await this.run({
      ...this.base(params, 'public', turnId),
      type: 'endOfConversation',
      code: 'completedSuccessfully',
    });
    const outcomes = await this.deps.outcomes.forCall(callSid);
    if (!outcomes.some((o) => o.outcome === 'connected')) {
      const items = await this.deps.runtime.queue.findByConversation('voice', callSid);
      for (const item of items.filter((i) => i.status === 'new')) {
        if (outcomes.some((o) => o.outcome === 'callback_needed' && o.queueItemId === item._id)) continue;
        await this.deps.outcomes.record(`${item._id}:callback`, {
          callSid,
          queueItemId: item._id,
          reference: item.reference,
          outcome: 'callback_needed',
          status: params.CallStatus,
        });
      }
    }
    return this.deps.twiml.empty();
  }

  /**
   * After the greeting (999 advice first), the language menu in front of the bot's first question (issue 22). The
   * question waits in the step: English callers reach it by pressing 1, by speaking, or by waiting.
   */
  private async languageMenu(params: Record<string, string>, replies: BotReplies): Promise<string> {
    const step = await this.deps.state.newStep({
      callSid: params.CallSid,
      line: 'public',
      prompt: replies.spoken[replies.spoken.length - 1],
      choices: replies.choices.map((c) => c.value),
      labels: replies.choices.map((c) => c.label),
      misses: 0,
      menu: 1,
    });
    const { menu } = this.deps.languages;
    return this.deps.twiml.languageMenu(replies.spoken.slice(0, -1), menu.page(1), this.gatherUrl(step._id));
  }

  /** A key on the language menu: a language, the second page, or English (also speech or silence). */
  private async languageChosen(step: VoiceStep, params: Record<string, string>, turnId: string) {
    const { menu } = this.deps.languages;
    const digit = (params.Digits ?? '').replace(/[^0-9]/g, '').slice(0, 1);
    const choice = digit ? menu.choose(step.menu!, digit) : undefined;
    if (choice?.kind === 'more') {
      const next = await this.deps.state.newStep({ ...stripId(step), menu: 2 });
      return this.deps.twiml.languageMenu([], menu.page(2), this.gatherUrl(next._id));
    }
    if (choice?.kind === 'language') {
      // A language with core journeys goes on in it (issue 22 item 3); any other goes to an interpreter.
      if (this.deps.runtime.bot.localeOf(choice.language.code))
        return this.goOnIn(step, params, turnId, choice.language);
      return this.toInterpreter(step, params, choice.language);
    }
    const question = questionOf(step);
    // Speech is the caller's answer, in English, to the question they were about to hear.
    if (!digit && (params.SpeechResult ?? '').trim()) {
      return this.gathered({ ...question, _id: step._id, createdAt: step.createdAt }, params, turnId);
    }
    const next = await this.deps.state.newStep(question);
    return this.deps.twiml.gather([step.prompt], step.labels ?? [], this.gatherUrl(next._id));
  }

  /** The caller chose a language with core journeys: the bot asks its first question again, in that language. */
  private async goOnIn(step: VoiceStep, params: Record<string, string>, turnId: string, language: Language) {
    const replies = await this.run({
      ...this.base(params, step.line, turnId),
      type: 'event',
      name: LANGUAGE_CHOSEN,
      channelData: { ...this.channelData(params, step.line), language: language.code },
    });
    return this.respond(params, step.line, replies, language.code);
  }

  /**
   * A caller who chose a language: none has the whole conversation in it yet, so an interpreter. Queued first as
   * "interpreter needed: <language>", then the interpreter and the duty clinician are rung into a conference with
   * the caller. If the interpreting service cannot be rung, the caller goes to the duty clinician as any caller would.
   */
  private async toInterpreter(step: VoiceStep, params: Record<string, string>, language: Language) {
    const service = this.deps.runtime.services.profileOf(this.serviceOf(params));
    let item: { _id: string; reference: string } | undefined;
    try {
      item = await this.deps.runtime.queue.create({
        kind: 'escalation',
        disposition: 'urgent_2h',
        channel: 'voice',
        service: service.id,
        conversation: { channelId: 'voice', conversationId: step.callSid, serviceUrl: this.deps.publicUrl },
        summary: {
          contact: { role: 'unknown' },
          callbackNumber: callerNumberOf(params.From),
          problem: `The caller chose ${language.name} on the phone line's language menu.`,
          answers: { reason: interpreterReason(language.name) },
          redFlags: [],
        },
        idempotencyKey: `voice:${step.callSid}:interpreter`,
        createdBy: 'front-door-voice',
      });
    } catch (err) {
      // Fail safe to people: the call still goes ahead without a queue item.
      this.deps.runtime.logger.error({ err, event: 'voice.interpreter_store_failed' }, 'could not queue the caller');
    }
    return this.intoConference(params, language, item, []);
  }

  /**
   * The caller, the telephone interpreter and the duty clinician in one conference (the interpreter rung first): the
   * caller hears the 999 advice and "hold for an interpreter, then a nurse" in their language and in English. If the
   * interpreting service cannot be rung, the caller hears `spoken` (what the bot said) and goes to the duty clinician
   * as any caller would.
   */
  private async intoConference(
    params: Record<string, string>,
    language: Language,
    item: { _id: string; reference: string } | undefined,
    spoken: string[],
  ) {
    const { menu, conference, rotas, callerId, now } = this.deps.languages;
    const service = this.deps.runtime.services.profileOf(this.serviceOf(params));
    try {
      const clinician = (await rotas.onDuty(now(), service.id))[0];
      return await conference.forCaller(
        {
          language,
          reference: item?.reference ?? '',
          interpreting: menu.interpretingFor(service),
          from: callerId(params),
        },
        clinician?.phone,
        params.CallSid,
      );
    } catch (err) {
      if (!(err instanceof InterpreterNotReached)) throw err;
      return this.deps.transfers.start(
        {
          callSid: params.CallSid,
          queueItemId: item?._id,
          reference: item?.reference,
          disposition: 'urgent_2h',
          whisper: menu.noInterpreterWhisper(language),
          service: service.id,
        },
        [...spoken, menu.noInterpreter],
        params,
      );
    }
  }

  /** Silence or an unclear answer: the question once more, then a person. In a language, said in it. */
  private async missed(step: VoiceStep, params: Record<string, string>, why: 'noSpeech' | 'lowConfidence') {
    if (step.misses >= 1) return this.toPerson(step, params);
    const next = await this.deps.state.newStep({ ...stripId(step), misses: step.misses + 1 });
    const local = this.phoneLinesIn(step.language);
    return this.deps.twiml.gather(
      [local?.[why] ?? this.deps.content.voice[why], step.prompt],
      step.choices,
      this.gatherUrl(next._id),
      this.inLanguage(step.language),
      [local ? step.language : undefined, step.promptLocale],
    );
  }

  /** The phone line's own lines in the call's language (content/prompts/locales/<code>.yaml `phone`). */
  private phoneLinesIn(code: string | undefined) {
    return this.deps.runtime.bot.localeOf(code)?.content.phone;
  }

  /**
   * After two silences or unclear answers nobody can tell how urgent this is, and a silent caller may be unable to
   * speak: it is queued as urgent and put through to the duty clinician.
   */
  private async toPerson(step: VoiceStep, params: Record<string, string>): Promise<string> {
    const disposition = 'urgent_2h';
    const speaks = this.inLanguage(step.language);
    let item: { _id: string; reference: string } | undefined;
    try {
      item = await this.deps.runtime.queue.create({
        kind: 'escalation',
        disposition,
        channel: 'voice',
        service: this.serviceOf(params),
        conversation: { channelId: 'voice', conversationId: step.callSid, serviceUrl: this.deps.publicUrl },
        summary: {
          contact: { role: step.line === 'professional' ? 'professional' : 'unknown' },
          callbackNumber: callerNumberOf(params.From),
          problem: 'The caller could not be understood on the phone line (silence or unclear speech, twice).',
          answers: speaks ? { reason: interpreterReason(speaks.language.name) } : {},
          redFlags: [],
        },
        idempotencyKey: `voice:${step.callSid}:${step._id}:to-person`,
        createdBy: 'front-door-voice',
      });
    } catch (err) {
      // Fail safe to a human: the transfer still happens without a queue item.
      this.deps.runtime.logger.error({ err, event: 'voice.to_person_store_failed' }, 'could not queue the escalation');
    }
    // In another language the person is the duty clinician with an interpreter on the line (issue 22).
    if (speaks) return this.intoConference(params, speaks.language, item, [this.phoneLinesIn(step.language)!.toPerson]);
    return this.deps.transfers.start(
      {
        callSid: step.callSid,
        queueItemId: item?._id,
        reference: item?.reference,
        disposition,
        whisper: this.deps.content.voice.noInputWhisper,
        service: this.serviceOf(params),
      },
      [this.deps.content.voice.toPerson],
      params,
    );
  }

  private async respond(
    params: Record<string, string>,
    line: PhoneLine,
    replies: BotReplies,
    language?: string,
  ): Promise<string> {
    const speaks = this.inLanguage(language);
    if (replies.handoff?.target === 'duty_clinician' && speaks) {
      // A call in another language reaches the duty clinician with an interpreter on the line (issue 22).
      const { queueItemId, reference } = replies.handoff;
      const item = queueItemId && reference ? { _id: queueItemId, reference } : undefined;
      return this.intoConference(params, speaks.language, item, replies.spoken);
    }
    if (replies.handoff?.target === 'duty_clinician') {
      const { queueItemId, reference, disposition } = replies.handoff;
      const whisper = handoffWhisper(this.deps.content.voice, replies.handoff);
      return this.deps.transfers.start(
        { callSid: params.CallSid, queueItemId, reference, disposition, whisper, service: this.serviceOf(params) },
        replies.spoken,
        params,
      );
    }
    // The bot said nothing (a person has the conversation): "please go on", in the call's language.
    const listening = replies.spoken.length ? undefined : this.phoneLinesIn(language)?.listening;
    const spoken = listening ? [listening] : replies.spoken;
    const locales = listening ? [language] : replies.locales;
    const step = await this.deps.state.newStep({
      callSid: params.CallSid,
      line,
      prompt: spoken[spoken.length - 1] ?? this.deps.content.voice.listening,
      choices: replies.choices.map((c) => c.value),
      misses: 0,
      ...(language ? { language, promptLocale: locales[locales.length - 1] } : {}),
    });
    return this.deps.twiml.gather(
      spoken,
      replies.choices.map((c) => c.label),
      this.gatherUrl(step._id),
      speaks,
      locales,
    );
  }

  /** A language's voice, speech recognition and menu words, for a call going on in it. */
  private inLanguage(code: string | undefined): InLanguage | undefined {
    const locale = this.deps.runtime.bot.localeOf(code);
    return locale && { language: locale.language, menus: locale.content.menus };
  }

  private async run(activity: Partial<Activity>): Promise<BotReplies> {
    const { runtime, adapter } = this.deps;
    return readReplies(await adapter.runTurn(activity, (context: TurnContext) => runtime.bot.run(context)));
  }

  private gatherUrl(stepId: string): string {
    return `${this.deps.publicUrl}/api/voice/gather?step=${stepId}`;
  }

  private caller(params: Record<string, string>) {
    return { id: personIdFor('caller', params.From), name: 'caller', role: 'user' };
  }

  private channelData(params: Record<string, string>, line: PhoneLine) {
    return { line, callerNumber: callerNumberOf(params.From), calledNumber: params.To, CallSid: params.CallSid };
  }

  /** The service whose number was rung: its rota takes the call (the bot decides the conversation's from the same). */
  private serviceOf(params: Record<string, string>): string {
    return this.deps.runtime.services.forContact({ calledNumber: params.To }).id;
  }

  /** The parts every voice activity shares. The webhook's key is the activity id, so a retried turn keeps its id. */
  private base(params: Record<string, string>, line: PhoneLine, turnId: string): Partial<Activity> {
    return {
      id: turnId,
      channelId: 'voice',
      serviceUrl: this.deps.publicUrl,
      timestamp: new Date(),
      conversation: { id: params.CallSid, isGroup: false, conversationType: 'personal' } as ConversationAccount,
      from: this.caller(params),
      recipient: { id: 'front-door', name: 'Front Door', role: 'bot' },
      channelData: this.channelData(params, line),
      locale: 'en-GB',
    };
  }
}

function stripId(step: VoiceStep): Omit<VoiceStep, '_id' | 'createdAt'> {
  const { callSid, line, prompt, choices, misses, menu, labels, language, promptLocale } = step;
  return {
    callSid,
    line,
    prompt,
    choices,
    misses,
    ...(menu ? { menu } : {}),
    ...(labels ? { labels } : {}),
    ...(language ? { language, promptLocale } : {}),
  };
}

/** The bot's question the language menu stood in front of, as an ordinary step. */
function questionOf(step: VoiceStep): Omit<VoiceStep, '_id' | 'createdAt'> {
  const { callSid, line, prompt, choices, misses } = step;
  return { callSid, line, prompt, choices, misses };
}
