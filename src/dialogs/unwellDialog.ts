import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { confirmPrompt } from './buttonPrompts';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { isHubOpen } from '../content/services';
import { zonedDate } from '../content/zonedTime';
import { spokenReference } from '../hub/reference';
import type { CarePlanEntry, Patient, Zone } from '../patients/patientModel';
import { bestMatch } from '../triage/assessment/wordMatch';
import { isDisposition, type Disposition } from '../triage/dispositions';
import { callerNumber } from './conversationProfile';
import { IDENTITY_DIALOG } from './identityDialog';
import { RecordUnavailableError } from '../record/ports';
import { describeWithin } from './describeWithin';
import { handToDutyClinician } from './dutyClinicianHandoff';
import { marked } from './emergency';
import { valuesOf, profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { conversationOf, summaryFrom } from './summary';

export const UNWELL_DIALOG = 'unwell';
const OFFER_PLAN = 'unwell.offerPlan';
const CONTACT = 'unwell.contact';

export interface UnwellOptions {
  /** What the person has said about the problem, in their words. */
  problem: string;
  /** What the assessment decided (never urgent: those go to the duty clinician). */
  disposition: Disposition;
  /**
   * The learned urgency safety net had lifted the message and the answers showed nothing urgent (H237): the person's
   * own care plan, if one covers the problem, is their advice as for anyone; without one the lift stands and the duty
   * clinician calls back within 2 hours (general advice is not enough for a message the net took for an urgent one).
   */
  lifted?: string;
}

const guidanceSchema = z.object({
  review: reviewSchema,
  topics: z.array(
    z.object({
      id: z.string(),
      triggers: z.array(z.string().min(2)).min(1),
      advice: z.string(),
      safetyNet: z.string(),
      source: z.string(),
    }),
  ),
  general: z.object({ advice: z.string(), safetyNet: z.string(), source: z.string() }),
});
type Guidance = z.infer<typeof guidanceSchema>;

/** "What to do when you are unwell" guidance (content/guidance/unwell.yaml). */
export function loadGuidance(): Guidance {
  return readContentFile('guidance/unwell.yaml', guidanceSchema);
}

/**
 * Advice from the guidance for what was described: the topic it is about, matched by whole words, or general advice,
 * never another topic's, each with its safety net; marked as advice for the safety evaluation and the console.
 */
export function guidanceAdvice(deps: DialogDeps, guidance: Guidance, described: string) {
  const topic = bestMatch(described, guidance.topics) ?? guidance.general;
  return marked(deps.prompts.render('genericAdvice', { advice: topic.advice, safetyNet: topic.safetyNet }), {
    outcome: 'advice',
  });
}

/** Which zone of a care plan a disposition points to. */
const ZONE_FOR: Record<string, Zone> = {
  emergency_999: 'red',
  urgent_2h: 'amber',
  same_day: 'amber',
  routine: 'amber',
};

/**
 * Advice after the assessment (src/dialogs/assessmentDialog.ts) has decided a non-urgent disposition: from the
 * verified patient's own care plan (the zone that matches the disposition) if they want it, or the guidance topic the
 * description is about, matched by whole words, or general advice with safety-netting. Same-day and routine needs
 * become a referral in the queue; the person is told who will contact them and when only if we have a way to.
 */
export class UnwellDialog extends ComponentDialog {
  private readonly guidance: Guidance;

  constructor(private readonly deps: DialogDeps) {
    super(UNWELL_DIALOG);
    this.guidance = loadGuidance();
    this.addDialog(confirmPrompt(OFFER_PLAN, deps));
    this.addDialog(
      new TextPrompt(CONTACT, async (pc) => {
        const said = pc.recognized.value ?? '';
        return (
          !!understandingOf(pc.context, deps).entities.phoneNumber ||
          deps.commands.isDontKnow(said) ||
          /\b(only|just) (have )?(this|the) chat\b|\bno (phone|number)\b/i.test(said) ||
          pc.attemptCount >= 2
        );
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${UNWELL_DIALOG}.steps`, [
        (step) => this.offerPlan(step),
        (step) => this.verifyIfWanted(step),
        (step) => this.advise(step),
        (step) => this.refer(step),
      ]),
    );
    this.initialDialogId = `${UNWELL_DIALOG}.steps`;
  }

  private async offerPlan(step: WaterfallStepContext) {
    const options = step.options as Partial<UnwellOptions>;
    const profile = await profileOf(step.context, this.deps);
    const problem = String(options.problem ?? profile.problem ?? '').slice(0, 1000);
    profile.problem ??= problem;
    valuesOf(step).problem = problem;
    valuesOf(step).disposition = isDisposition(options.disposition) ? options.disposition : 'same_day';
    valuesOf(step).lifted = typeof options.lifted === 'string' ? options.lifted : undefined;
    const wantsOwnPlan =
      (profile.role === 'patient' || profile.role === 'carer') && !profile.verified && !profile.identityLocked;
    if (!wantsOwnPlan) return step.next(false);
    return step.prompt(OFFER_PLAN, {
      prompt: this.deps.prompts.render(
        'offerOwnPlan',
        { whose: profile.role === 'carer' ? "the patient's" : 'your' },
        [],
      ),
    });
  }

  private async verifyIfWanted(step: WaterfallStepContext) {
    if (step.result === true) return step.beginDialog(IDENTITY_DIALOG);
    return step.next();
  }

  private async advise(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const disposition: Disposition = valuesOf(step).disposition;
    const problem: string = valuesOf(step).problem;
    // The record gone since they were verified: generic advice with its safety net, never a failed turn.
    const patient =
      profile.verified && profile.patientId
        ? await this.deps.directory.findById(profile.patientId).catch((err: unknown) => {
            if (err instanceof RecordUnavailableError) return null;
            throw err;
          })
        : null;
    const plan = patient ? bestMatch(problem, patient.carePlan.plans) : undefined;
    const lifted: string | undefined = valuesOf(step).lifted;
    if (lifted && !(patient && plan)) {
      return handToDutyClinician(
        step,
        this.deps,
        `urgent community response needed (${lifted}; no danger sign in the answers, no care plan for it)`,
      );
    }
    let stale = false;
    if (patient && plan) {
      stale = await this.sendPlanAdvice(step, patient, plan, disposition, profile.role === 'carer');
    } else {
      await step.context.sendActivity(guidanceAdvice(this.deps, this.guidance, problem));
    }
    valuesOf(step).stale = stale;
    valuesOf(step).plan = plan?.id ?? 'none';

    if (disposition === 'self_care' && !stale) {
      await step.context.sendActivity(this.deps.prompts.render('selfCareClose'));
      return step.endDialog();
    }
    profile.callbackNumber ??= callerNumber(step.context) ?? (profile.role === 'patient' ? patient?.mobile : undefined);
    if (profile.callbackNumber) return step.next();
    return step.prompt(CONTACT, {
      prompt: this.deps.prompts.render('askContactNumber'),
      retryPrompt: this.deps.prompts.render('askCallbackRetry'),
    });
  }

  /** Same-day and routine needs, and any advice from a plan overdue for review, go to the team in the queue. */
  private async refer(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const disposition: Disposition = valuesOf(step).disposition;
    const stale: boolean = valuesOf(step).stale;
    if (!profile.callbackNumber && typeof step.result === 'string') {
      profile.callbackNumber = understandingOf(step.context, this.deps).entities.phoneNumber;
    }
    const queued = disposition === 'self_care' || disposition === 'none' ? 'routine' : disposition;
    const item = await this.deps.queue.create({
      kind: 'referral',
      disposition: queued,
      channel: step.context.activity.channelId,
      service: servicesOf(step.context, this.deps).id,
      conversation: conversationOf(step.context, profile),
      summary: summaryFrom(profile, stale ? 'care plan overdue for review' : 'feeling unwell', {
        answers: { ...profile.answers, carePlan: valuesOf(step).plan, carePlanStale: String(stale) },
      }),
      idempotencyKey: `${step.context.activity.conversation.id}:${step.context.activity.id ?? 'turn'}:unwell`,
      createdBy: 'front-door-bot',
    });
    const within = describeWithin((item.deadline.getTime() - item.createdAt.getTime()) / 60000);
    // A promise to call is only made to someone we can call.
    const message = profile.callbackNumber
      ? this.deps.prompts.render('referralCreated', {
          reference: item.reference,
          spokenReference: spokenReference(item.reference),
          when: `within ${within}`,
          hubPhone: servicesOf(step.context, this.deps).hub.phone,
        })
      : this.deps.prompts.render('referralCreatedNoContact', {
          reference: item.reference,
          spokenReference: spokenReference(item.reference),
          when: isHubOpen(servicesOf(step.context, this.deps), this.deps.now()) ? 'today' : 'when the hub opens',
          hubPhone: servicesOf(step.context, this.deps).hub.phone,
        });
    await step.context.sendActivity(marked(message, { outcome: queued }));
    return step.endDialog();
  }

  /** Sends the matching zone of the person's own plan; returns whether the plan is overdue for review. */
  private async sendPlanAdvice(
    step: WaterfallStepContext,
    patient: Patient,
    plan: CarePlanEntry,
    disposition: string,
    asCarer: boolean,
  ): Promise<boolean> {
    const zone = ZONE_FOR[disposition] ?? 'green';
    const advice = plan.zones[zone];
    await step.context.sendActivity(
      marked(
        this.deps.prompts.render('planAdvice', {
          whose: asCarer ? `${patient.givenName}'s` : 'your',
          planTitle: plan.title,
          zoneLabel: zone.toUpperCase(),
          when: advice.when,
          do: advice.do,
          call: advice.call,
        }),
        { outcome: 'advice' },
      ),
    );
    const today = zonedDate(this.deps.now(), this.deps.services.timezone);
    const stale = patient.carePlan.reviewDue < today;
    if (stale)
      await step.context.sendActivity(this.deps.prompts.render('planStale', { reviewDue: patient.carePlan.reviewDue }));
    return stale;
  }
}
