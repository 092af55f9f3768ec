import {
  ChoiceFactory,
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { choicePrompt, confirmPrompt } from './buttonPrompts';
import { isInArea } from '../content/services';
import { spokenReference } from '../hub/reference';
import { valuesOf, profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { conversationOf, summaryFrom } from './summary';

export const REFERRAL_DIALOG = 'referral';
const CHOICE = 'referral.choice';
const CONFIRM = 'referral.confirm';
const TEXT = 'referral.text';
const NHS = 'referral.nhs';
const DOB = 'referral.dob';
const POSTCODE = 'referral.postcode';
const PHONE = 'referral.phone';
const FEEDBACK_HOURS = 24;

/** Age in whole years on `today` (YYYY-MM-DD strings). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * A new referral from the person themselves, a carer or a professional: who it is for, details, eligibility (adult,
 * in our area), reason, housebound, consent. Stored in the queue before it is acknowledged with a reference.
 */
export class ReferralDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(REFERRAL_DIALOG);
    const choice = choicePrompt(CHOICE, deps);
    const confirm = confirmPrompt(CONFIRM, deps);
    const entity =
      (name: 'nhsNumber' | 'dateOfBirth' | 'postcode' | 'phoneNumber', optional: boolean) =>
      async (pc: { context: import('botbuilder').TurnContext; recognized: { value?: string }; attemptCount: number }) =>
        !!understandingOf(pc.context, deps).entities[name] ||
        (optional && deps.commands.isDontKnow(pc.recognized.value ?? '')) ||
        pc.attemptCount >= 3;
    this.addDialog(choice).addDialog(confirm).addDialog(new TextPrompt(TEXT));
    this.addDialog(new TextPrompt(NHS, entity('nhsNumber', true)));
    this.addDialog(new TextPrompt(DOB, entity('dateOfBirth', false)));
    this.addDialog(new TextPrompt(POSTCODE, entity('postcode', false)));
    this.addDialog(new TextPrompt(PHONE, entity('phoneNumber', false)));
    this.addDialog(
      new WaterfallDialog(`${REFERRAL_DIALOG}.steps`, [
        (step) => this.askWho(step),
        (step) => this.askRelationship(step),
        (step) => this.askName(step),
        (step) => this.askDateOfBirth(step),
        (step) => this.askNhsNumber(step),
        (step) => this.askPostcode(step),
        (step) => this.checkEligibility(step),
        (step) => this.askHousebound(step),
        (step) => this.askConsent(step),
        (step) => this.askContact(step),
        (step) => this.store(step),
      ]),
    );
    this.initialDialogId = `${REFERRAL_DIALOG}.steps`;
  }

  /** Takes a detail from what was said before it was asked for; whether there was one. */
  private async given(step: WaterfallStepContext, key: 'dateOfBirth' | 'nhsNumber' | 'postcode'): Promise<boolean> {
    const value = (await profileOf(step.context, this.deps)).said?.[key];
    if (value) valuesOf(step).referral[key] = value;
    return !!value;
  }

  private subject(step: WaterfallStepContext): string {
    return valuesOf(step).forSelf ? 'you' : 'the person';
  }

  private async askWho(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    valuesOf(step).referral = {} as Record<string, string>;
    if (profile.role === 'professional' || profile.role === 'carer') return step.next({ index: 1 });
    if (profile.role === 'patient') return step.next({ index: 0 });
    return step.prompt(CHOICE, {
      prompt: this.deps.prompts.render('referralWho', {}, []),
      choices: ChoiceFactory.toChoices(['For me', 'For someone else']),
    });
  }

  private async askRelationship(step: WaterfallStepContext) {
    valuesOf(step).forSelf = step.result.index === 0;
    if (valuesOf(step).forSelf) return step.next('self');
    const said = (await profileOf(step.context, this.deps)).said;
    if (said?.relationship) return step.next(said.relationship);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('referralRelationship') });
  }

  private async askName(step: WaterfallStepContext) {
    valuesOf(step).referral.relationship = String(step.result).slice(0, 100);
    const said = (await profileOf(step.context, this.deps)).said;
    const name = valuesOf(step).forSelf ? said?.ownName : said?.patientName;
    if (name) return step.next(name);
    return step.prompt(TEXT, {
      prompt: this.deps.prompts.render('askName', { whose: valuesOf(step).forSelf ? 'your' : "the person's" }),
    });
  }

  private async askDateOfBirth(step: WaterfallStepContext) {
    valuesOf(step).referral.name = String(step.result).slice(0, 200);
    if (await this.given(step, 'dateOfBirth')) return step.next();
    return step.prompt(DOB, {
      prompt: this.deps.prompts.render('askDateOfBirth', { whose: valuesOf(step).forSelf ? 'your' : "the person's" }),
      retryPrompt: this.deps.prompts.render('askDateOfBirthRetry'),
    });
  }

  private async askNhsNumber(step: WaterfallStepContext) {
    valuesOf(step).referral.dateOfBirth ??= understandingOf(step.context, this.deps).entities.dateOfBirth ?? '';
    if (await this.given(step, 'nhsNumber')) return step.next();
    return step.prompt(NHS, {
      prompt: this.deps.prompts.render('askNhsNumber', { whose: valuesOf(step).forSelf ? 'your' : "the person's" }),
      retryPrompt: this.deps.prompts.render('askNhsNumberRetry'),
    });
  }

  private async askPostcode(step: WaterfallStepContext) {
    const nhsNumber = understandingOf(step.context, this.deps).entities.nhsNumber;
    if (nhsNumber) valuesOf(step).referral.nhsNumber ??= nhsNumber;
    if (await this.given(step, 'postcode')) return step.next();
    return step.prompt(POSTCODE, {
      prompt: this.deps.prompts.render('askPostcode', { whose: valuesOf(step).forSelf ? 'your' : "the person's" }),
      retryPrompt: this.deps.prompts.render('askPostcodeRetry'),
    });
  }

  private async checkEligibility(step: WaterfallStepContext) {
    const referral = valuesOf(step).referral;
    referral.postcode ??= understandingOf(step.context, this.deps).entities.postcode ?? String(step.result).trim();
    const today = new Date(this.deps.now()).toISOString().slice(0, 10);
    if (referral.dateOfBirth && ageOn(referral.dateOfBirth, today) < 18) {
      await step.context.sendActivity(this.deps.prompts.render('referralUnder18'));
      return step.endDialog();
    }
    const services = servicesOf(step.context, this.deps);
    if (!isInArea(services, referral.postcode)) {
      await step.context.sendActivity(
        this.deps.prompts.render('referralOutOfArea', { area: services.area.description }),
      );
      return step.endDialog();
    }
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('referralReason') });
  }

  private async askHousebound(step: WaterfallStepContext) {
    valuesOf(step).referral.reason = String(step.result).slice(0, 1000);
    return step.prompt(CONFIRM, {
      prompt: this.deps.prompts.render('referralHousebound', { whose_subject: this.subject(step) }, []),
    });
  }

  private async askConsent(step: WaterfallStepContext) {
    valuesOf(step).referral.housebound = step.result ? 'yes' : 'no';
    if (valuesOf(step).forSelf) return step.next(true);
    return step.prompt(CONFIRM, {
      prompt: this.deps.prompts.render('referralConsent', { whose_subject: this.subject(step) }, []),
    });
  }

  private async askContact(step: WaterfallStepContext) {
    if (!step.result) {
      await step.context.sendActivity(this.deps.prompts.render('referralNoConsent'));
      return step.endDialog();
    }
    valuesOf(step).referral.consent = 'yes';
    const profile = await profileOf(step.context, this.deps);
    if (profile.callbackNumber) return step.next();
    return step.prompt(PHONE, {
      prompt: this.deps.prompts.render('askCallback'),
      retryPrompt: this.deps.prompts.render('askCallbackRetry'),
    });
  }

  private async store(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    profile.callbackNumber ??= understandingOf(step.context, this.deps).entities.phoneNumber;
    const referral = valuesOf(step).referral as Record<string, string>;
    const disposition = this.deps.understander.understand(referral.reason).disposition;
    const item = await this.deps.queue.create({
      kind: 'referral',
      disposition: disposition === 'none' || disposition === 'self_care' ? 'routine' : disposition,
      channel: step.context.activity.channelId,
      service: servicesOf(step.context, this.deps).id,
      conversation: conversationOf(step.context, profile),
      summary: summaryFrom(profile, referral.reason, {
        patient: {
          name: referral.name,
          nhsNumber: referral.nhsNumber,
          dateOfBirth: referral.dateOfBirth,
          postcode: referral.postcode,
          verified: false,
        },
        answers: { ...referral },
      }),
      idempotencyKey: `${step.context.activity.conversation.id}:${step.context.activity.id ?? 'turn'}:referral`,
      createdBy: 'front-door-bot',
      feedbackDueHours: FEEDBACK_HOURS,
    });
    // Acknowledged only now that it is durably stored.
    await step.context.sendActivity(
      this.deps.prompts.render('referralStored', {
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
      }),
    );
    return step.endDialog({ reference: item.reference });
  }
}
