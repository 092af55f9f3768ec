import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ComponentDialog,
  type FoundChoice,
  type PromptRecognizerResult,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { choicePrompt, confirmPrompt, UnderstoodChoicePrompt, type UnderstoodPromptOptions } from './buttonPrompts';
import { spokenReference } from '../hub/reference';
import { decideEligibility, type Registration } from '../referrals/eligibility';
import { GpPracticeReader, type GpPracticeAnswer } from '../referrals/gpPracticeAnswer';
import { valuesOf, profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { conversationOf, summaryFrom } from './summary';

export const REFERRAL_DIALOG = 'referral';
const CHOICE = 'referral.choice';
const CONFIRM = 'referral.confirm';
const WHICH = 'referral.whichPractice';
const TEXT = 'referral.text';
const NHS = 'referral.nhs';
const DOB = 'referral.dob';
const POSTCODE = 'referral.postcode';
const PHONE = 'referral.phone';
const NONE_OF_THESE = 'None of these';
/** What the queue item says about the practice when no listed one was named. */
const REGISTRATION_WORDS = {
  not_registered: 'not registered with a GP',
  dont_know: 'not known',
  unknown: 'not listed',
};
const FEEDBACK_HOURS = 24;

/**
 * "Which of these practices?": the buttons, ordinals and the rest as every choice, and also part of a practice's name
 * ("Rainham", "the Balham one"), which a button's words alone would miss.
 */
class PracticeChoicePrompt extends UnderstoodChoicePrompt {
  constructor(
    id: string,
    deps: DialogDeps,
    private readonly practices: GpPracticeReader,
  ) {
    super(id, deps);
  }

  protected override async onRecognize(
    context: TurnContext,
    state: object,
    options: UnderstoodPromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const recognised = await super.onRecognize(context, state, options);
    if (recognised.succeeded) return recognised;
    const labels = ChoiceFactory.toChoices(options.choices ?? []).map((c) => c.value);
    const answer = this.practices.read(context.activity.text ?? '', labels);
    if (answer.kind !== 'practice') return recognised;
    const index = labels.indexOf(answer.practice.name);
    return { succeeded: true, value: { value: answer.practice.name, index, score: 1 } };
  }
}

/** Age in whole years on `today` (YYYY-MM-DD strings). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * A new referral from the person themselves, a carer or a professional: who it is for, details, eligibility (adult;
 * GP practice, read against every service's list: src/referrals/eligibility.ts), reason, housebound, consent. Stored in
 * the queue, for the service the practice belongs to, before it is acknowledged with a reference.
 */
export class ReferralDialog extends ComponentDialog {
  private readonly practices: GpPracticeReader;

  constructor(private readonly deps: DialogDeps) {
    super(REFERRAL_DIALOG);
    this.practices = new GpPracticeReader(deps.serviceDirectory.profiles);
    const choice = choicePrompt(CHOICE, deps);
    const which = new PracticeChoicePrompt(WHICH, deps, this.practices);
    const confirm = confirmPrompt(CONFIRM, deps);
    const entity =
      (name: 'nhsNumber' | 'dateOfBirth' | 'postcode' | 'phoneNumber', optional: boolean) =>
      async (pc: { context: import('botbuilder').TurnContext; recognized: { value?: string }; attemptCount: number }) =>
        !!understandingOf(pc.context, deps).entities[name] ||
        (optional && deps.commands.isDontKnow(pc.recognized.value ?? '')) ||
        pc.attemptCount >= 3;
    this.addDialog(choice).addDialog(which).addDialog(confirm).addDialog(new TextPrompt(TEXT));
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
        (step) => this.checkAge(step),
        (step) => this.readGpPractice(step),
        (step) => this.askWhichPractice(step),
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

  private async checkAge(step: WaterfallStepContext) {
    const referral = valuesOf(step).referral;
    referral.postcode ??= understandingOf(step.context, this.deps).entities.postcode ?? String(step.result).trim();
    const today = new Date(this.deps.now()).toISOString().slice(0, 10);
    const minimumAge = servicesOf(step.context, this.deps).eligibility.minimumAge;
    if (referral.dateOfBirth && ageOn(referral.dateOfBirth, today) < minimumAge) {
      await step.context.sendActivity(this.deps.prompts.render('referralUnder18'));
      return step.endDialog();
    }
    return step.prompt(TEXT, {
      prompt: this.deps.prompts.render('referralGp', {
        is_subject: valuesOf(step).forSelf ? 'are you' : 'is the person',
      }),
    });
  }

  /** The practice in their words; words that name no listed practice are asked for once more before anything else. */
  private async readGpPractice(step: WaterfallStepContext) {
    const said = String(step.result);
    if (this.deps.commands.isDontKnow(said)) return step.next({ kind: 'dont_know' } satisfies Registration);
    const answer = this.practices.read(said);
    if (answer.kind !== 'unknown') return step.next(answer);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('referralGpAgain') });
  }

  private async askWhichPractice(step: WaterfallStepContext) {
    let answer = step.result as GpPracticeAnswer | Registration | string;
    if (typeof answer === 'string') {
      answer = this.deps.commands.isDontKnow(answer) ? { kind: 'dont_know' } : this.practices.read(answer);
    }
    if (answer.kind !== 'ambiguous') return step.next(answer);
    // The conversation's own service's practices first: the likelier ones, at the top of the list.
    const own = servicesOf(step.context, this.deps).id;
    const practices = [...answer.practices].sort((a, b) => Number(b.service.id === own) - Number(a.service.id === own));
    valuesOf(step).ambiguous = practices;
    const names = practices.map((p) => p.name);
    return step.prompt(WHICH, {
      prompt: this.deps.prompts.render('referralGpWhich', {}, [...names, NONE_OF_THESE]),
      choices: ChoiceFactory.toChoices([...names, NONE_OF_THESE]),
    });
  }

  private async checkEligibility(step: WaterfallStepContext) {
    const values = valuesOf(step);
    const referral = values.referral;
    let registration = step.result as Registration;
    if (values.ambiguous) {
      const practice = values.ambiguous[(step.result as { index: number }).index];
      registration = practice ? { kind: 'practice', practice } : { kind: 'unknown' };
    }
    const conversation = servicesOf(step.context, this.deps);
    const eligibility = decideEligibility(
      registration,
      referral.postcode,
      conversation,
      this.deps.serviceDirectory.profiles,
    );
    referral.gpPractice =
      registration.kind === 'practice' ? registration.practice.name : REGISTRATION_WORDS[registration.kind];
    if (eligibility.outcome !== 'accepted') {
      const key = {
        own_gp: 'referralOwnGp',
        register_with_gp: 'referralRegisterWithGp',
        out_of_area: 'referralOutOfArea',
      }[eligibility.outcome];
      await step.context.sendActivity(
        this.deps.prompts.render(key, { area: conversation.area.description, hubPhone: conversation.hub.phone }),
      );
      return step.endDialog();
    }
    referral.eligibility = eligibility.basis;
    values.service = eligibility.service.id;
    if (eligibility.service.id !== conversation.id) {
      await step.context.sendActivity(
        this.deps.prompts.render('referralOtherService', {
          practice: referral.gpPractice,
          service: eligibility.service.name,
        }),
      );
    }
    if (eligibility.basis === 'unregistered_resident') {
      await step.context.sendActivity(this.deps.prompts.render('referralUnregisteredAccepted'));
    }
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('referralReason') });
  }

  private async askHousebound(step: WaterfallStepContext) {
    valuesOf(step).referral.reason = String(step.result).slice(0, 1000);
    return step.prompt(CONFIRM, {
      prompt: this.deps.prompts.render(
        'referralHousebound',
        // "Are you housebound?", never "Is you housebound?".
        { is_subject: valuesOf(step).forSelf ? 'Are you' : 'Is the person' },
        [],
      ),
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
      service: valuesOf(step).service ?? servicesOf(step.context, this.deps).id,
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
