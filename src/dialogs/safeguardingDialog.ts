import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Answer } from '../intents/answers/answerRecogniser';
import { dangerAnswerOf } from './dangerAnswer';
import { isSafeguardingOpen } from '../content/services';
import type { Disposition } from '../triage/dispositions';
import { marked } from './emergency';
import { queueEscalation } from './escalationDialog';
import { neverAskFft } from './friendsAndFamilyTest';
import { valuesOf, profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';

export const SAFEGUARDING_DIALOG = 'safeguarding';
const DANGER = 'safeguarding.danger';
/** An opening this long has told what happened ("she's in her 80s, lives with her son, I keep hearing him …"). */
const TOLD_WORDS = 15;
/** An answer to the danger question this long, read as a safeguarding concern, is the account itself. */
const ACCOUNT_WORDS = 8;
const TELL = 'safeguarding.tell';

export interface SafeguardingOptions {
  /** What the person first said, kept in their own words. */
  disclosure?: string;
}

const wordsIn = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

/** "His lodger keeps taking his pension and shouts at him …": what happened, said at the danger question. */
function isAccount(context: TurnContext, deps: DialogDeps, said: string): boolean {
  return wordsIn(said) >= ACCOUNT_WORDS && understandingOf(context, deps).intent === 'safeguarding.concern';
}

/** What the immediate-danger question means, for the console and the safety evaluation (as the danger signs are). */
const DANGER_MARK = {
  questionId: 'safeguarding-danger',
  kind: 'danger_sign',
  yesDisposition: 'emergency_999',
  notSureDisposition: 'urgent_2h',
} as const;

/**
 * Acknowledge, check for immediate danger (→ 999), take the disclosure in the person's own words with one open
 * question (no leading questions), flag it for the safeguarding team, and say what happens next. The danger question
 * is read as the danger signs are ("nah", "not that I know of", "dunno"), asked once more when the answer is neither,
 * and then counts as not sure: the 999 advice for anyone who might be in danger, never the same question for ever.
 */
export class SafeguardingDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(SAFEGUARDING_DIALOG);
    const question = deps.prompts.text('safeguardingDanger');
    // An account of what happened instead of a yes or no is not asked to be answered again: it counts as not sure.
    const danger = new TextPrompt(
      DANGER,
      async (prompt) =>
        !!dangerAnswerOf(prompt.context, deps, prompt.recognized.value ?? '', question) ||
        prompt.attemptCount >= 2 ||
        isAccount(prompt.context, deps, prompt.recognized.value ?? ''),
    );
    this.addDialog(danger).addDialog(new TextPrompt(TELL));
    this.addDialog(
      new WaterfallDialog(`${SAFEGUARDING_DIALOG}.steps`, [
        async (step) => {
          // A disclosure is never followed by "how was your experience of our service?".
          neverAskFft(await profileOf(step.context, deps));
          await step.context.sendActivity(deps.prompts.render('safeguardingAck'));
          return step.prompt(DANGER, {
            prompt: marked(deps.prompts.render('safeguardingDanger'), DANGER_MARK),
            retryPrompt: marked(deps.prompts.render('safeguardingDangerRetry'), DANGER_MARK),
          });
        },
        (step) => this.askDisclosure(step),
        (step) => this.flag(step),
      ]),
    );
    this.initialDialogId = `${SAFEGUARDING_DIALOG}.steps`;
  }

  private async askDisclosure(step: WaterfallStepContext) {
    const answer: Answer =
      dangerAnswerOf(
        step.context,
        this.deps,
        String(step.result ?? ''),
        this.deps.prompts.text('safeguardingDanger'),
      ) ?? 'not_sure';
    valuesOf(step).danger = answer;
    if (answer === 'yes') {
      await step.context.sendActivity(
        marked(this.deps.prompts.render('safeguardingDanger999'), { outcome: 'emergency_999' }),
      );
    } else if (answer === 'not_sure') {
      await step.context.sendActivity(this.deps.prompts.render('safeguardingDangerNotSure'));
    }
    // What happened is asked once, in their words, unless they have told it already: in the message that started
    // this, or instead of answering the danger question. Asked again, it reads as not having been heard.
    const said = String(step.result ?? '');
    const account = isAccount(step.context, this.deps, said);
    if (account) valuesOf(step).account = said;
    const { disclosure } = step.options as SafeguardingOptions;
    if (account || wordsIn(disclosure ?? '') >= TOLD_WORDS) return step.next('');
    return step.prompt(TELL, { prompt: this.deps.prompts.render('safeguardingTell') });
  }

  private async flag(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const { disclosure } = step.options as SafeguardingOptions;
    const account = valuesOf(step).account as string | undefined;
    const inOwnWords = [disclosure, account, String(step.result ?? '')].filter(Boolean).join('\n').slice(0, 4000);
    profile.answers.disclosure = inOwnWords;
    const danger = valuesOf(step).danger as Answer;
    profile.answers.immediateDanger = danger === 'not_sure' ? 'not sure' : danger;
    const disposition: Disposition =
      danger === 'yes' ? 'emergency_999' : danger === 'not_sure' ? DANGER_MARK.notSureDisposition : 'same_day';
    const item = await queueEscalation(step.context, this.deps, profile, {
      target: 'coordinator',
      kind: 'safeguarding',
      disposition,
      reason: 'safeguarding concern disclosed',
    });
    // What they add after this (their number, more of what happened) goes on the same item.
    if (item) profile.escalatedItemId = item._id;
    const service = servicesOf(step.context, this.deps);
    const council = service.safeguarding;
    const open = isSafeguardingOpen(service, this.deps.now());
    await step.context.sendActivity(
      this.deps.prompts.render(open ? 'safeguardingNext' : 'safeguardingNextOutOfHours', {
        destination: council.name,
        reference: item?.reference ?? 'not available',
        hours: council.hours,
        edtName: council.outOfHours.name,
        edtPhone: council.outOfHours.phone,
      }),
    );
    return step.endDialog();
  }
}
