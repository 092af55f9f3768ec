import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ChoicePrompt,
  ConfirmPrompt,
  Dialog,
  ListStyle,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type PromptOptions,
  type PromptRecognizerResult,
} from 'botbuilder-dialogs';
import { ChoiceRecogniser, type ChoiceReading } from '../intents/answers/choiceRecogniser';
import { choiceRecogniserFor } from '../language/conversationLanguage';
import { profileOf, understandingOf, type DialogDeps } from './dialogDeps';
import { VisitReference } from './visitReference';

// Choices are always suggested actions, whatever the channel: web chat shows buttons and the phone line reads them as a
// keypad menu. botbuilder's default would write "(1) … or (2) …" into the text on channels it does not know.
//
// Every choice and yes/no prompt reads answers in people's words through one recogniser (ChoiceRecogniser, words in
// content/prompts/choices.yaml). An answer it cannot read is a miss: the first is asked again in other words, the second
// explains the options another way and offers a person, the third hands over to a person. No sentence is said three
// times.

/** Misses before a person takes over. */
const MISSES_BEFORE_PERSON = 3;
/** What a slot prompt returns when the answer names a time that was not offered ("what about Friday?"). */
export const OTHER_TIME = -1;
/** Index of an answer that chose no option, from a prompt that takes one (`otherAnswer`). */
export const OTHER_ANSWER = -2;
const PERSON = 'Speak to someone';
const PERSON_REQUESTED = Symbol('buttonPrompts.personRequested');
const TOPIC_REQUESTED = Symbol('buttonPrompts.topicRequested');
/** A different task this sure, said instead of an answer, is a change of topic. */
const TOPIC_CHANGE_CONFIDENCE = 0.7;
/** "Not sure", "pass": too short to be a request for something else. */
const TOPIC_CHANGE_MIN_WORDS = 4;

interface MissState {
  misses?: number;
  /** The options the last "which of these?" narrowed to, as indices into all of them. */
  narrowed?: number[];
  reading?: ChoiceReading['kind'];
}

export interface UnderstoodPromptOptions extends PromptOptions {
  /** A slot prompt: an answer naming a time not offered ends the prompt with index OTHER_TIME and the answer. */
  otherTimes?: boolean;
  /**
   * A question with a safe reading when it is not answered: anything that chooses no option (and is not "not sure")
   * ends the prompt with index OTHER_ANSWER and the answer, instead of counting as a miss.
   */
  otherAnswer?: boolean;
  /**
   * A list of visits, each option's visit type in order: "the matron one" picks a visit by its type. With `otherTimes`
   * a day said as the time wanted ("Friday would suit me") is a time (OTHER_TIME), never a visit chosen by its day.
   */
  visitTypes?: string[];
}

/** Set by a prompt that has given up: the bot hands the conversation to a person (src/bot/frontDoorBot.ts). */
export function personRequested(context: TurnContext): boolean {
  return context.turnState.get(PERSON_REQUESTED) === true;
}

/** Set by a prompt whose answer asked for another task: the bot starts it instead. */
export function topicRequested(context: TurnContext): string | undefined {
  return context.turnState.get(TOPIC_REQUESTED) as string | undefined;
}

function labelsOf(options: PromptOptions): string[] {
  return ChoiceFactory.toChoices(options.choices ?? []).map((c) => c.value);
}

/**
 * What a prompt does with an answer it could not read. The first miss asks again in other words, the second explains
 * the question another way and offers a person, the third gives up and asks the bot for a person. "Not sure" skips
 * straight to the explanation. A confident request for another task is passed to the bot instead.
 */
async function missed(
  dc: DialogContext,
  deps: DialogDeps,
  promptId: string,
  labels: string[],
  confirm: boolean,
): Promise<DialogTurnResult> {
  const state = dc.activeDialog!.state.state as MissState;
  const context = dc.context;
  const understanding = understandingOf(context, deps);
  const current = (await profileOf(context, deps)).taskIntent;
  if (
    state.reading !== 'not_sure' &&
    understanding.text.split(/\s+/).length >= TOPIC_CHANGE_MIN_WORDS &&
    understanding.confidence >= TOPIC_CHANGE_CONFIDENCE &&
    isTask(understanding.intent) &&
    understanding.intent !== current &&
    !keepsVisitMove(current, understanding.intent, understanding.text, {
      now: deps.now(),
      timeZone: deps.services.timezone,
    })
  ) {
    context.turnState.set(TOPIC_REQUESTED, understanding.intent);
    return Dialog.EndOfTurn;
  }
  state.misses = (state.misses ?? 0) + 1;
  const notSure = state.reading === 'not_sure';
  if (state.misses >= MISSES_BEFORE_PERSON) {
    await context.sendActivity(deps.prompts.render('notUnderstoodPerson'));
    context.turnState.set(PERSON_REQUESTED, true);
    return Dialog.EndOfTurn;
  }
  if (state.reading === 'several' && state.narrowed) {
    await context.sendActivity(
      deps.prompts.render(
        'choiceWhichOf',
        {},
        state.narrowed.map((i) => labels[i]),
      ),
    );
    return Dialog.EndOfTurn;
  }
  if (state.misses === 1 && !notSure) {
    await context.sendActivity(deps.prompts.render(confirm ? 'confirmRetry' : 'choiceRetry', {}, labels));
    return Dialog.EndOfTurn;
  }
  state.misses = Math.max(state.misses, MISSES_BEFORE_PERSON - 1);
  const recogniser = choiceRecogniserFor(context);
  const explained = recogniser.explanation(promptId) ?? recogniser.explanation(confirm ? 'default' : 'choice.default')!;
  await context.sendActivity(
    deps.prompts.render(
      notSure ? 'choiceNotSure' : 'choiceExplain',
      { explain: explained.text, explainSpeak: explained.speak },
      [...labels, PERSON],
    ),
  );
  return Dialog.EndOfTurn;
}

const TASKS = new Set([
  'appointment.change',
  'appointment.cancel',
  'appointment.query',
  'referral.new',
  'feedback.complaint',
  'enquiry.service',
]);

/**
 * "Can he come afternoon or next day am" while a visit is being moved says the time wanted: an answer, not a question
 * about the visits, though the classifier reads "can he come" as asking when he is coming. Dropping the move for a
 * list of visits would lose the change the person asked for.
 */
export function keepsVisitMove(
  current: string | undefined,
  intent: string,
  text: string,
  when: { now: Date; timeZone: string },
): boolean {
  return current === 'appointment.change' && intent === 'appointment.query' && VisitReference.load().isWish(text, when);
}

function isTask(intent: string): boolean {
  return TASKS.has(intent);
}

/**
 * A prompt's turn: the answer ends it, anything else is a miss. botbuilder's own re-prompt would repeat the same
 * sentence every time, so misses are handled by `missed` instead (these prompts have no validators).
 */
async function answerOrMiss<T>(
  dc: DialogContext,
  recognise: (
    context: TurnContext,
    state: MissState,
    options: UnderstoodPromptOptions,
  ) => Promise<PromptRecognizerResult<T>>,
  miss: (options: UnderstoodPromptOptions) => Promise<DialogTurnResult>,
): Promise<DialogTurnResult> {
  if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
  const instance = dc.activeDialog!.state as { state: MissState; options: UnderstoodPromptOptions };
  const recognized = await recognise(dc.context, instance.state, instance.options);
  if (recognized.succeeded) return dc.endDialog(recognized.value);
  return miss(instance.options);
}

/** A choice prompt that understands answers in people's words (src/intents/answers/choiceRecogniser.ts). */
export class UnderstoodChoicePrompt extends ChoicePrompt {
  constructor(
    id: string,
    private readonly deps: DialogDeps,
  ) {
    super(id);
    this.style = ListStyle.suggestedAction;
    // Read (and validated) when the dialogs are built, so bad content stops start-up rather than a conversation.
    ChoiceRecogniser.load();
  }

  protected override async onRecognize(
    context: TurnContext,
    state: MissState,
    options: UnderstoodPromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const labels = labelsOf(options);
    const text = context.activity.text ?? '';
    const when = { now: this.deps.now(), timeZone: this.deps.services.timezone };
    const recogniser = choiceRecogniserFor(context);
    // After "which of these?", "the first one" means the first of those.
    const narrowed = state.narrowed;
    let reading: ChoiceReading | undefined;
    if (narrowed) {
      const inner = recogniser.recognise(
        text,
        narrowed.map((i) => labels[i]),
        this.id,
        when,
        !options.visitTypes,
      );
      if (inner?.kind === 'choice') reading = { ...inner, index: narrowed[inner.index] };
    }
    reading ??= recogniser.recognise(text, labels, this.id, when, !options.visitTypes);
    if (options.visitTypes && !(reading?.kind === 'choice' && reading.coverage === 1)) {
      const visits = VisitReference.load();
      const types = options.visitTypes;
      const picked = visits.pick(
        text,
        labels.map((label, i) => ({ label, type: types[i] ?? '' })),
        when,
      );
      // "The matron one, could she come the day after?" names the visit by its kind and says the time wanted: the
      // visit is chosen, and the time is kept from the message (saidSoFar). A time alone is only the time wanted.
      if (options.otherTimes && visits.isWish(text, when) && picked === undefined)
        return { succeeded: true, value: { value: text, index: OTHER_TIME, score: 1 } };
      if (picked !== undefined) reading = { kind: 'choice', index: picked, how: 'said' };
    }
    state.reading = reading?.kind;
    if (reading?.kind === 'choice') {
      return { succeeded: true, value: { value: labels[reading.index], index: reading.index, score: 1 } };
    }
    if (reading?.kind === 'several') state.narrowed = reading.indices;
    if (reading?.kind === 'other_time' && options.otherTimes) {
      return { succeeded: true, value: { value: text, index: OTHER_TIME, score: 1 } };
    }
    if (!reading && options.otherAnswer)
      return { succeeded: true, value: { value: text, index: OTHER_ANSWER, score: 1 } };
    return { succeeded: false };
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return answerOrMiss(
      dc,
      (...a) => this.onRecognize(...a),
      (options) => missed(dc, this.deps, this.id, labelsOf(options), false),
    );
  }
}

/** A yes / no prompt that reads "yeah go on", "nope", "I'm not sure" (content/triage/answers.yaml). */
export class UnderstoodConfirmPrompt extends ConfirmPrompt {
  constructor(
    id: string,
    private readonly deps: DialogDeps,
  ) {
    super(id);
    this.style = ListStyle.suggestedAction;
    // Read (and validated) when the dialogs are built, so bad content stops start-up rather than a conversation.
    ChoiceRecogniser.load();
  }

  protected override async onRecognize(
    context: TurnContext,
    state: MissState,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<boolean>> {
    const recogniser = choiceRecogniserFor(context);
    const question = typeof options.prompt === 'object' ? (options.prompt.text ?? '') : String(options.prompt ?? '');
    const text = context.activity.text ?? '';
    const answer = recogniser.yesNo(text, question);
    state.reading = answer === 'not_sure' ? 'not_sure' : undefined;
    if (answer === 'yes') return { succeeded: true, value: true };
    // "Either morning or afternoon is fine, whichever is easier", "gr8 thx": taken up, though "is fine" alone reads as
    // the "no" of a danger sign ("she is fine"). A refusal word anywhere in it keeps it a no.
    const when = { now: this.deps.now(), timeZone: this.deps.services.timezone };
    if (answer !== 'not_sure' && recogniser.acceptsOffer(this.id, text, question, when))
      return { succeeded: true, value: true };
    if (answer === 'no') return { succeeded: true, value: false };
    const policy = recogniser.confirmPolicy(this.id).notSure;
    if (answer === 'not_sure' && policy !== 'ask') return { succeeded: true, value: policy === 'yes' };
    return { succeeded: false };
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return answerOrMiss(
      dc,
      (...a) => this.onRecognize(...a),
      () => missed(dc, this.deps, this.id, ['Yes', 'No'], true),
    );
  }
}

export function choicePrompt(id: string, deps: DialogDeps): ChoicePrompt {
  return new UnderstoodChoicePrompt(id, deps);
}

export function confirmPrompt(id: string, deps: DialogDeps): ConfirmPrompt {
  return new UnderstoodConfirmPrompt(id, deps);
}
