import type { TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { spokenReference } from '../hub/reference';
import type { Understanding } from '../intents';
import { GpPracticeReader } from '../referrals/gpPracticeAnswer';
import { valuesOf, profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { conversationOf, summaryFrom } from './summary';

export const DISCHARGE_DIALOG = 'discharge';
const TEXT = 'discharge.text';
const NHS = 'discharge.nhs';
const DOB = 'discharge.dob';
const POSTCODE = 'discharge.postcode';

const dischargeSchema = z.object({
  review: reviewSchema,
  words: z.array(z.string().min(1)).min(1),
  targetFunction: z.string().min(1),
});
export type DischargeContent = z.infer<typeof dischargeSchema>;

let loaded: DischargeContent | undefined;
/** content/referrals/discharge.yaml, read once. */
export function loadDischargeContent(): DischargeContent {
  return (loaded ??= readContentFile('referrals/discharge.yaml', dischargeSchema));
}

/** Whether a referral's words say it comes from a ward or discharge team ("discharge referral from Ward 7"). */
export function isDischargeReferral(text: string, content = loadDischargeContent()): boolean {
  const said = new Set(normalisePhrase(text).split(' '));
  return content.words.some((w) => said.has(normalisePhrase(w)));
}

/**
 * Whether a professional's message asks for the discharge route rather than a handover to the duty clinician: a
 * referral in discharge words, with no red flag (a crew's "discharged yesterday, now breathless" stays a handover).
 */
export function isWardReferral(u: Understanding): boolean {
  return u.intent === 'referral.new' && u.confidence >= 0.5 && u.redFlags.length === 0 && isDischargeReferral(u.text);
}

/**
 * A hospital ward or discharge team's referral (seed 001: "liaise with the wards within 48 hours"; seed 000 §3.2.6):
 * ward, patient, GP practice, discharge date, needs at home, equipment and the ward's key contact, queued as a referral
 * from a hospital with the service's discharge target. A ward's referral is always queued, never turned away by the
 * bot: the practice named decides the service, and the hub checks eligibility with the ward when it is not one of ours.
 */
export class DischargeDialog extends ComponentDialog {
  private readonly practices: GpPracticeReader;

  constructor(
    private readonly deps: DialogDeps,
    private readonly content = loadDischargeContent(),
  ) {
    super(DISCHARGE_DIALOG);
    this.practices = new GpPracticeReader(deps.serviceDirectory.profiles);
    const entity =
      (name: 'nhsNumber' | 'dateOfBirth' | 'postcode', optional: boolean) =>
      async (pc: { context: TurnContext; recognized: { value?: string }; attemptCount: number }) =>
        !!understandingOf(pc.context, deps).entities[name] ||
        (optional && deps.commands.isDontKnow(pc.recognized.value ?? '')) ||
        pc.attemptCount >= 3;
    this.addDialog(new TextPrompt(TEXT));
    this.addDialog(new TextPrompt(NHS, entity('nhsNumber', true)));
    this.addDialog(new TextPrompt(DOB, entity('dateOfBirth', false)));
    this.addDialog(new TextPrompt(POSTCODE, entity('postcode', false)));
    this.addDialog(
      new WaterfallDialog(`${DISCHARGE_DIALOG}.steps`, [
        (step) => this.askWard(step),
        (step) => this.askName(step),
        (step) => this.askDateOfBirth(step),
        (step) => this.askNhsNumber(step),
        (step) => this.askPostcode(step),
        (step) => this.askGpPractice(step),
        (step) => this.keep(step, 'gpPractice', 'dischargeDate'),
        (step) => this.keep(step, 'dischargeDate', 'dischargeNeeds'),
        (step) => this.keep(step, 'needs', 'dischargeEquipment'),
        (step) => this.keep(step, 'equipment', 'dischargeContact'),
        (step) => this.store(step),
      ]),
    );
    this.initialDialogId = `${DISCHARGE_DIALOG}.steps`;
  }

  private async askWard(step: WaterfallStepContext) {
    valuesOf(step).discharge = {} as Record<string, string>;
    (await profileOf(step.context, this.deps)).role = 'professional';
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('dischargeWard') });
  }

  /** Keeps the last answer under `name` and asks the next question. */
  private async keep(step: WaterfallStepContext, name: string, next: string) {
    valuesOf(step).discharge[name] = String(step.result).slice(0, 1000);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render(next) });
  }

  private async askName(step: WaterfallStepContext) {
    valuesOf(step).discharge.ward = String(step.result).slice(0, 200);
    const name = (await profileOf(step.context, this.deps)).said?.patientName;
    if (name) return step.next(name);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('askName', { whose: "the patient's" }) });
  }

  private async askDateOfBirth(step: WaterfallStepContext) {
    valuesOf(step).discharge.name = String(step.result).slice(0, 200);
    return step.prompt(DOB, {
      prompt: this.deps.prompts.render('askDateOfBirth', { whose: "the patient's" }),
      retryPrompt: this.deps.prompts.render('askDateOfBirthRetry'),
    });
  }

  private async askNhsNumber(step: WaterfallStepContext) {
    valuesOf(step).discharge.dateOfBirth = understandingOf(step.context, this.deps).entities.dateOfBirth ?? '';
    return step.prompt(NHS, {
      prompt: this.deps.prompts.render('askNhsNumber', { whose: "the patient's" }),
      retryPrompt: this.deps.prompts.render('askNhsNumberRetry'),
    });
  }

  private async askPostcode(step: WaterfallStepContext) {
    valuesOf(step).discharge.nhsNumber = understandingOf(step.context, this.deps).entities.nhsNumber ?? '';
    return step.prompt(POSTCODE, {
      prompt: this.deps.prompts.render('askPostcode', { whose: "the patient's home" }),
      retryPrompt: this.deps.prompts.render('askPostcodeRetry'),
    });
  }

  private async askGpPractice(step: WaterfallStepContext) {
    valuesOf(step).discharge.postcode =
      understandingOf(step.context, this.deps).entities.postcode ?? String(step.result).trim();
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('dischargeGp') });
  }

  private async store(step: WaterfallStepContext) {
    const discharge = valuesOf(step).discharge as Record<string, string>;
    discharge.keyContact = String(step.result).slice(0, 300);
    const profile = await profileOf(step.context, this.deps);
    const phone = understandingOf(step.context, this.deps).entities.phoneNumber;
    if (phone) profile.callbackNumber ??= phone;
    const answer = this.practices.read(discharge.gpPractice);
    const service = answer.kind === 'practice' ? answer.practice.service : servicesOf(step.context, this.deps);
    if (answer.kind === 'practice') discharge.gpPractice = answer.practice.name;
    const target = service.responseTargets.functions.find((f) => f.function === this.content.targetFunction);
    const disposition = this.deps.understander.understand(discharge.needs).disposition;
    const item = await this.deps.queue.create({
      kind: 'referral',
      disposition: disposition === 'none' || disposition === 'self_care' ? 'routine' : disposition,
      channel: step.context.activity.channelId,
      service: service.id,
      conversation: conversationOf(step.context, profile),
      summary: summaryFrom(profile, `Hospital discharge: ${discharge.needs}`, {
        contact: { role: 'professional', relationship: 'hospital discharge team', organisation: discharge.ward },
        patient: {
          name: discharge.name,
          nhsNumber: discharge.nhsNumber || undefined,
          dateOfBirth: discharge.dateOfBirth || undefined,
          postcode: discharge.postcode,
          verified: false,
        },
        location: discharge.ward,
        answers: { ...discharge, source: 'hospital' },
      }),
      idempotencyKey: `${step.context.activity.conversation.id}:${step.context.activity.id ?? 'turn'}:discharge`,
      createdBy: 'front-door-bot',
      ...(target ? { targetMinutes: target.minutes } : {}),
    });
    const hours = Math.round((item.deadline.getTime() - item.createdAt.getTime()) / 3600000);
    await step.context.sendActivity(
      this.deps.prompts.render('dischargeStored', {
        service: service.name,
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
        hours,
      }),
    );
    return step.endDialog({ reference: item.reference });
  }
}
