import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { confirmPrompt } from './buttonPrompts';
import { queueEscalation } from './escalationDialog';
import { valuesOf, profileOf, type DialogDeps } from './dialogDeps';

export const SAFEGUARDING_DIALOG = 'safeguarding';
const DANGER = 'safeguarding.danger';
const TELL = 'safeguarding.tell';

export interface SafeguardingOptions {
  /** What the person first said, kept in their own words. */
  disclosure?: string;
}

/**
 * Acknowledge, check for immediate danger (→ 999), take the disclosure in the person's own words with one open
 * question (no leading questions), flag it for the safeguarding team, and say what happens next.
 */
export class SafeguardingDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(SAFEGUARDING_DIALOG);
    const danger = confirmPrompt(DANGER, deps);
    this.addDialog(danger).addDialog(new TextPrompt(TELL));
    this.addDialog(
      new WaterfallDialog(`${SAFEGUARDING_DIALOG}.steps`, [
        async (step) => {
          await step.context.sendActivity(deps.prompts.render('safeguardingAck'));
          return step.prompt(DANGER, { prompt: deps.prompts.render('safeguardingDanger', {}, []) });
        },
        (step) => this.askDisclosure(step),
        (step) => this.flag(step),
      ]),
    );
    this.initialDialogId = `${SAFEGUARDING_DIALOG}.steps`;
  }

  private async askDisclosure(step: WaterfallStepContext) {
    valuesOf(step).danger = step.result === true;
    if (valuesOf(step).danger) await step.context.sendActivity(this.deps.prompts.render('safeguardingDanger999'));
    return step.prompt(TELL, { prompt: this.deps.prompts.render('safeguardingTell') });
  }

  private async flag(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const { disclosure } = step.options as SafeguardingOptions;
    const inOwnWords = [disclosure, String(step.result ?? '')].filter(Boolean).join('\n').slice(0, 4000);
    profile.answers.disclosure = inOwnWords;
    profile.answers.immediateDanger = valuesOf(step).danger ? 'yes' : 'no';
    const item = await queueEscalation(step.context, this.deps, profile, {
      target: 'coordinator',
      kind: 'safeguarding',
      disposition: valuesOf(step).danger ? 'emergency_999' : 'same_day',
      reason: 'safeguarding concern disclosed',
    });
    await step.context.sendActivity(
      this.deps.prompts.render('safeguardingNext', {
        reference: item?.reference ?? 'not available',
        edtPhone: this.deps.services.numbers.socialCareOutOfHours.phone,
      }),
    );
    return step.endDialog();
  }
}
