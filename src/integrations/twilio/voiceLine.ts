import type { Activity, ConversationAccount, TurnContext } from 'botbuilder';
import type { BotRuntime } from '../../bot/runtime';
import type { CallOutcomes } from './callOutcomes';
import { callerNumberOf, personIdFor } from './phoneNumbers';
import type { PhoneContent } from './phoneContent';
import type { PhoneLine, PhoneState, VoiceStep } from './phoneState';
import type { TransferDesk } from './transfer';
import { TwilioTurnAdapter } from './turnAdapter';
import { handoffWhisper, readReplies, type BotReplies, type VoiceTwiml } from './twiml';

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
    return this.respond(params, line, await this.run(activity));
  }

  /** The <Gather> action: what the caller said or pressed, or nothing, in answer to `step` (read by the route). */
  async gathered(step: VoiceStep | null, params: Record<string, string>, turnId: string): Promise<string> {
    if (!step || step.callSid !== params.CallSid) throw new Error('Gather result for an unknown step');
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
        inputMode: digits ? 'dtmf' : 'speech',
        ...(digits ? { Digits: digits } : { Confidence: Number.isNaN(confidence) ? undefined : confidence }),
      },
    };
    return this.respond(params, step.line, await this.run(activity));
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

  /** Silence or an unclear answer: the question once more, then a person. */
  private async missed(step: VoiceStep, params: Record<string, string>, why: 'noSpeech' | 'lowConfidence') {
    if (step.misses >= 1) return this.toPerson(step, params);
    const next = await this.deps.state.newStep({ ...stripId(step), misses: step.misses + 1 });
    return this.deps.twiml.gather([this.deps.content.voice[why], step.prompt], step.choices, this.gatherUrl(next._id));
  }

  /**
   * After two silences or unclear answers nobody can tell how urgent this is, and a silent caller may be unable to
   * speak: it is queued as urgent and put through to the duty clinician.
   */
  private async toPerson(step: VoiceStep, params: Record<string, string>): Promise<string> {
    const disposition = 'urgent_2h';
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
          answers: {},
          redFlags: [],
        },
        idempotencyKey: `voice:${step.callSid}:${step._id}:to-person`,
        createdBy: 'front-door-voice',
      });
    } catch (err) {
      // Fail safe to a human: the transfer still happens without a queue item.
      this.deps.runtime.logger.error({ err, event: 'voice.to_person_store_failed' }, 'could not queue the escalation');
    }
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

  private async respond(params: Record<string, string>, line: PhoneLine, replies: BotReplies): Promise<string> {
    if (replies.handoff?.target === 'duty_clinician') {
      const { queueItemId, reference, disposition } = replies.handoff;
      const whisper = handoffWhisper(this.deps.content.voice, replies.handoff);
      return this.deps.transfers.start(
        { callSid: params.CallSid, queueItemId, reference, disposition, whisper, service: this.serviceOf(params) },
        replies.spoken,
        params,
      );
    }
    const step = await this.deps.state.newStep({
      callSid: params.CallSid,
      line,
      prompt: replies.spoken[replies.spoken.length - 1] ?? this.deps.content.voice.listening,
      choices: replies.choices.map((c) => c.value),
      misses: 0,
    });
    return this.deps.twiml.gather(
      replies.spoken,
      replies.choices.map((c) => c.label),
      this.gatherUrl(step._id),
    );
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
  return { callSid: step.callSid, line: step.line, prompt: step.prompt, choices: step.choices, misses: step.misses };
}
