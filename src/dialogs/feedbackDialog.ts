import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { confirmPrompt } from './buttonPrompts';
import { ChoiceRecogniser } from '../intents/answers/choiceRecogniser';
import type { FeedbackBox } from '../hub/feedback';
import { spokenReference } from '../hub/reference';
import { valuesOf, profileOf, type DialogDeps } from './dialogDeps';

export const FEEDBACK_DIALOG = 'feedback';
const TEXT = 'feedback.text';
const COMPLAINT = 'feedback.complaint';
/** An opening message this long, in two clauses or more, says what happened, not only that the person has feedback. */
const SAYS_WHAT_HAPPENED_WORDS = 10;
/** An opening this long says what happened in any case: speech has no punctuation to tell its clauses apart. */
const LONG_OPENING_WORDS = 16;

export interface FeedbackOptions {
  text?: string;
}

/** Feedback and complaints: captured in the person's words, with a reference; complaints answered in 15 working days. */
export class FeedbackDialog extends ComponentDialog {
  constructor(
    private readonly deps: DialogDeps,
    private readonly box: FeedbackBox,
  ) {
    super(FEEDBACK_DIALOG);
    const complaint = confirmPrompt(COMPLAINT, deps);
    this.addDialog(new TextPrompt(TEXT)).addDialog(complaint);
    this.addDialog(
      new WaterfallDialog(`${FEEDBACK_DIALOG}.steps`, [
        (step) => this.askWhatHappened(step),
        (step) => this.askIfComplaint(step),
        (step) => this.record(step),
      ]),
    );
    this.initialDialogId = `${FEEDBACK_DIALOG}.steps`;
  }

  /** The message that started this often says it all ("I want to complain: the nurse came three hours late…"). */
  private async askWhatHappened(step: WaterfallStepContext) {
    const opening = (step.options as FeedbackOptions | undefined)?.text ?? '';
    valuesOf(step).opening = opening;
    // Long enough, and more than the one clause that asks: "I want to make a formal complaint about how mum's been
    // treated" is the request, "I want to complain, the nurse was three hours late" says what happened.
    const clauses = opening.split(/[.!?;:]\s*|,\s+/).filter((c) => c.trim());
    const words = opening.trim().split(/\s+/).length;
    // Kept from the first message: someone who leaves before answering has still made their complaint (issue 17).
    if (opening.trim()) await this.logDraft(step, opening);
    if ((words >= SAYS_WHAT_HAPPENED_WORDS && clauses.length >= 2) || words >= LONG_OPENING_WORDS)
      return step.next(opening);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('feedbackAsk') });
  }

  private async askIfComplaint(step: WaterfallStepContext) {
    const text = String(step.result ?? '').slice(0, 4000);
    valuesOf(step).text = text;
    // "I want to make a complaint", or "just some feedback": asked again, it reads as not having been listened to.
    const already = ChoiceRecogniser.load().answeredAlready(COMPLAINT, `${valuesOf(step).opening} ${text}`);
    if (already) return step.next(already === 'yes');
    return step.prompt(COMPLAINT, { prompt: this.deps.prompts.render('feedbackIsComplaint', {}, []) });
  }

  /**
   * The opening, logged as soon as it is said: a complaint when it says so, else feedback, until the person answers.
   * Unsure is logged as a complaint: one the hub can close is better than one never answered.
   */
  private async logDraft(step: WaterfallStepContext, opening: string) {
    const profile = await profileOf(step.context, this.deps);
    const complaint = ChoiceRecogniser.load().answeredAlready(COMPLAINT, opening) !== 'no';
    const record = await this.box.record(
      {
        complaint,
        text: opening.slice(0, 4000),
        contact: profile.callbackNumber,
        channel: step.context.activity.channelId,
      },
      this.deps.now(),
    );
    valuesOf(step).draft = { id: record._id, reference: record.reference };
  }

  private async record(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const complaint = step.result === true;
    const draft = valuesOf(step).draft as { id: string; reference: string } | undefined;
    const opening = String(valuesOf(step).opening ?? '');
    const said = String(valuesOf(step).text ?? '');
    // The opening and the details asked for after it, both in the person's words.
    const text = draft && said !== opening ? `${opening}\n${said}` : said;
    const input = { complaint, text, contact: profile.callbackNumber };
    let logged = draft;
    if (logged) await this.box.settle(logged.id, input, this.deps.now());
    else {
      const record = await this.box.record({ ...input, channel: step.context.activity.channelId }, this.deps.now());
      logged = { id: record._id, reference: record.reference };
    }
    const { reference } = logged;
    profile.feedback = { id: logged.id, reference, complaint };
    const vars = { reference, spokenReference: spokenReference(reference) };
    await step.context.sendActivity(this.deps.prompts.render(complaint ? 'complaintLogged' : 'feedbackThanks', vars));
    return step.endDialog();
  }
}
