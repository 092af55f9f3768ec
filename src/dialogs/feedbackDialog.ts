import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { confirmPrompt } from './buttonPrompts';
import type { FeedbackBox } from '../hub/feedback';
import { spokenReference } from '../hub/reference';
import { valuesOf, profileOf, type DialogDeps } from './dialogDeps';

export const FEEDBACK_DIALOG = 'feedback';
const TEXT = 'feedback.text';
const COMPLAINT = 'feedback.complaint';

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
        (step) => step.prompt(TEXT, { prompt: deps.prompts.render('feedbackAsk') }),
        async (step) => {
          valuesOf(step).text = String(step.result ?? '').slice(0, 4000);
          return step.prompt(COMPLAINT, { prompt: deps.prompts.render('feedbackIsComplaint', {}, []) });
        },
        (step) => this.record(step),
      ]),
    );
    this.initialDialogId = `${FEEDBACK_DIALOG}.steps`;
  }

  private async record(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const complaint = step.result === true;
    const record = await this.box.record(
      {
        complaint,
        text: valuesOf(step).text,
        contact: profile.callbackNumber,
        channel: step.context.activity.channelId,
      },
      this.deps.now(),
    );
    const vars = { reference: record.reference, spokenReference: spokenReference(record.reference) };
    await step.context.sendActivity(this.deps.prompts.render(complaint ? 'complaintLogged' : 'feedbackThanks', vars));
    return step.endDialog();
  }
}
