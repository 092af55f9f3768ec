import { ActivityTypes, HandoffEventNames, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { FFT_ANSWERS, type FftAnswer } from '../hub/feedback';
import { choiceRecogniserFor } from '../language/conversationLanguage';
import type { Understanding } from '../intents';
import { dateFeatures, saysWhen } from '../intents/answers/dateFeatures';
import type { ConversationProfile } from './conversationProfile';
import type { DialogDeps } from './dialogDeps';
import type { TriageMark } from './emergency';
import { VisitReference } from './visitReference';

const wording = z.object({ text: z.string().min(1), speak: z.string().min(1) });
const fftSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  question: wording.refine(
    (q) => q.text.startsWith('Overall, how was your experience of our service?'),
    'the question is the NHS standard wording: "Overall, how was your experience of our service?"',
  ),
  answers: z
    .array(z.object({ code: z.enum(FFT_ANSWERS), label: z.string().min(1) }))
    .refine(
      (a) => a.length === FFT_ANSWERS.length && a.every((answer, i) => answer.code === FFT_ANSWERS[i]),
      `the six standard answers, in order: ${FFT_ANSWERS.join(', ')}`,
    ),
  why: wording,
  whyPoor: wording,
  thanks: wording,
  declined: wording,
});
export type FftContent = z.infer<typeof fftSchema>;

/** content/prompts/friends-and-family-test.yaml, validated (the standard question and answers, in order). */
export function loadFftContent(): FftContent {
  return readContentFile('prompts/friends-and-family-test.yaml', fftSchema);
}

/**
 * Where a conversation is with the Friends and Family Test: `never` once anything rules it out, `asked` while the next
 * message may answer it, `why` while the next message may say why, `done` once asked (it is asked once).
 */
export interface FftState {
  stage: 'never' | 'asked' | 'why' | 'done';
  /** The feedback record the answer was stored in, for the reason. */
  recordId?: string;
}

/** Outcomes after which nobody is asked how their experience was: they have an emergency or an urgent call coming. */
const RULED_OUT_OUTCOMES = new Set<TriageMark['outcome']>(['emergency_999', 'urgent_2h']);
/** Tasks after which the question is not asked (yet): feedback just given. */
const RULED_OUT_TASKS = new Set(['feedback.complaint']);
/** Channels it is asked on: written ones, where the person can ignore it. Never the phone line. */
const SPOKEN_CHANNELS = new Set(['voice']);
/** An answer the buttons' words take up at least two-fifths of ("good thanks", "very poor to be honest") is one. */
const MIN_COVERAGE = 0.4;

/** Set on a turn whose last message offered buttons. */
const LAST_OFFERED_CHOICES = Symbol('fft.lastOfferedChoices');

/** Nothing more in this conversation will ask the Friends and Family Test. */
export function neverAskFft(profile: ConversationProfile): void {
  profile.fft = { stage: 'never' };
}

/**
 * The NHS Friends and Family Test, asked once at the natural end of a completed conversation (in the conversation's
 * language, said by the Localiser like every message): after a task has ended, on a written channel, of a patient or carer, and never after 999 or 2-hour advice, a red flag or a safeguarding
 * disclosure. It never blocks anything: the question is a message with buttons, not a prompt, so whatever the person
 * says next that is not an answer (a new request, "no thanks", a red flag) is handled exactly as it would have been.
 * The answer is stored at once; an optional reason in their own words is added to it.
 */
export class FriendsAndFamilyTest {
  constructor(
    private readonly deps: Pick<DialogDeps, 'feedback' | 'logger' | 'now' | 'services'>,
    private readonly content: FftContent = loadFftContent(),
  ) {}

  /** Rules the question out for the conversation when a turn gives 999 or 2-hour advice or hands to a person urgently. */
  watch(context: TurnContext, profile: ConversationProfile): void {
    context.onSendActivities(async (_ctx, activities, next) => {
      if (activities.some(rulesOut)) neverAskFft(profile);
      const last = activities.filter((a) => a.type === ActivityTypes.Message).at(-1);
      if (last) context.turnState.set(LAST_OFFERED_CHOICES, !!last.suggestedActions?.actions?.length);
      return next();
    });
  }

  /** After a task has completed: asks the question if this conversation may be asked it and has not been. */
  async offer(context: TurnContext, profile: ConversationProfile, professional: boolean): Promise<void> {
    if (profile.fft) return;
    if (profile.redFlags.length > 0 || profile.taskIntent === 'safeguarding.concern') {
      neverAskFft(profile);
      return;
    }
    // The task ended on a choice for the person (a person to speak to, what next): that is not the end of the
    // conversation, and the question would replace those buttons.
    if (context.turnState.get(LAST_OFFERED_CHOICES) === true) return;
    if (
      professional ||
      SPOKEN_CHANNELS.has(context.activity.channelId) ||
      RULED_OUT_TASKS.has(profile.taskIntent ?? '')
    )
      return;
    profile.fft = { stage: 'asked' };
    const { text, speak } = this.content.question;
    await context.sendActivity(MessageFactory.suggestedActions(this.labels(), text, speak));
  }

  /**
   * Reads the message after the question (or after the follow-up) as the answer (or the reason), when it is one.
   * `request`: the message asks for something (a task, a person, clinical help), so it is not an answer whatever it
   * says. Returns whether the message was the answer, its reason or a "no thanks" (the turn is then done).
   */
  async read(
    context: TurnContext,
    profile: ConversationProfile,
    understanding: Understanding,
    request: boolean,
  ): Promise<boolean> {
    const fft = profile.fft;
    if (fft?.stage !== 'asked' && fft?.stage !== 'why') return false;
    if (profile.redFlags.length > 0) {
      neverAskFft(profile);
      return false;
    }
    const stage = fft.stage;
    fft.stage = 'done';
    const text = understanding.text;
    if (stage === 'asked') {
      // Only the words of one of the answers ("Good", "2" on SMS) is an answer whatever else it might be read as; so
      // is an answer that reads as feedback ("very poor to be honest"): the follow-up says how to complain.
      const reading = this.answerIn(context, text);
      const feedbackWords = understanding.intent === 'feedback.complaint';
      if (reading && (feedbackWords || (!this.goesOn(text) && (reading.coverage === 1 || !request)))) {
        return this.store(context, fft, reading.answer);
      }
    }
    if (request) return false;
    if (choiceRecogniserFor(context).yesNo(text) === 'no') {
      await this.say(context, this.content.declined);
      return true;
    }
    if (stage === 'asked' || !fft.recordId) return false;
    if (understanding.intent === 'goodbye' || understanding.intent === 'greeting') return false;
    await this.deps.feedback.addFftReason(fft.recordId, text).catch((err: Error) => {
      this.deps.logger.error({ event: 'fft.reason_failed', error: err.name }, 'could not store an FFT reason');
    });
    await this.say(context, this.content.thanks);
    return true;
  }

  /**
   * A message of more than one word that asks something, says a day or time, or names a visit ("Any time after 2 on
   * Thursday is fine", "the catheter one, is that tomorrow?") is the conversation going on, even when a word of it
   * ("2", "fine") could be read as a rating. One word ("2" by SMS) is an answer.
   */
  private goesOn(text: string): boolean {
    if (text.trim().split(/\s+/).length < 2) return false;
    if (text.includes('?')) return true;
    if (saysWhen(dateFeatures(text, this.deps.now(), this.deps.services.timezone))) return true;
    return VisitReference.load().namesVisit(text);
  }

  private async store(context: TurnContext, fft: FftState, answer: FftAnswer): Promise<boolean> {
    try {
      const record = await this.deps.feedback.recordFft(answer, context.activity.channelId, this.deps.now());
      fft.recordId = record._id;
      fft.stage = 'why';
      await this.say(context, answer === 'poor' || answer === 'very_poor' ? this.content.whyPoor : this.content.why);
    } catch (err) {
      // Never in the way: the answer is lost, the person is thanked and nothing else changes.
      this.deps.logger.error(
        { event: 'fft.store_failed', error: (err as Error).name },
        'could not store an FFT answer',
      );
      await this.say(context, this.content.thanks);
    }
    return true;
  }

  /**
   * One of the six answers, said or tapped ("good thanks", "2" on SMS; "not sure" is "Don't know"), in English or in
   * the conversation's language (its labels for the answers, and its words for "not sure").
   */
  private answerIn(context: TurnContext, text: string): { answer: FftAnswer; coverage: number } | undefined {
    const when = { now: this.deps.now(), timeZone: this.deps.services.timezone };
    const reading = choiceRecogniserFor(context).recognise(text, this.labels(), 'fft', when);
    if (reading?.kind === 'not_sure') return { answer: 'dont_know', coverage: 1 };
    const coverage = reading?.kind === 'choice' ? (reading.coverage ?? 1) : 0;
    if (reading?.kind !== 'choice' || coverage < MIN_COVERAGE) return undefined;
    return { answer: this.content.answers[reading.index].code, coverage };
  }

  private labels(): string[] {
    return this.content.answers.map((a) => a.label);
  }

  private say(context: TurnContext, message: { text: string; speak: string }) {
    return context.sendActivity(MessageFactory.text(message.text, message.speak));
  }
}

function rulesOut(activity: Partial<Activity>): boolean {
  const mark = (activity.channelData as { triage?: TriageMark } | undefined)?.triage;
  if (mark?.outcome && RULED_OUT_OUTCOMES.has(mark.outcome)) return true;
  // A hand-off to a person for an emergency or a 2-hour response (src/dialogs/escalationDialog.ts startHandoff).
  const handoff = activity.value as { disposition?: string } | undefined;
  return (
    activity.type === ActivityTypes.Event &&
    activity.name === HandoffEventNames.InitiateHandoff &&
    RULED_OUT_OUTCOMES.has(handoff?.disposition as TriageMark['outcome'])
  );
}
