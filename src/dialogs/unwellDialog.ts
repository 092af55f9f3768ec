import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { confirmPrompt } from './buttonPrompts';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { zonedDate } from '../content/zonedTime';
import { spokenReference } from '../hub/reference';
import type { CarePlanEntry, Patient, Zone } from '../patients/patientModel';
import { ESCALATION_DIALOG, type EscalationOptions } from './escalationDialog';
import { IDENTITY_DIALOG } from './identityDialog';
import { describeWithin } from './describeWithin';
import { valuesOf, profileOf, understandingOf, type DialogDeps } from './dialogDeps';
import { summaryFrom } from './summary';

export const UNWELL_DIALOG = 'unwell';
const PROBLEM = 'unwell.problem';
const OFFER_PLAN = 'unwell.offerPlan';

export interface UnwellOptions {
  problem?: string;
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

/** Which zone of a care plan a disposition points to. */
const ZONE_FOR: Record<string, Zone> = {
  emergency_999: 'red',
  urgent_2h: 'amber',
  same_day: 'amber',
  routine: 'amber',
};

function mentions(text: string, triggers: string[]): number {
  const lower = ` ${text.toLowerCase()} `;
  return triggers.filter((t) => lower.includes(t.toLowerCase())).length;
}

/** The entry (plan or guidance topic) whose trigger words the description mentions most. */
export function bestMatch<T extends { triggers: string[] }>(text: string, entries: T[]): T | undefined {
  let best: T | undefined;
  let bestScore = 0;
  for (const entry of entries) {
    const score = mentions(text, entry.triggers);
    if (score > bestScore) [best, bestScore] = [entry, score];
  }
  return best;
}

/**
 * "What to do when you are unwell": triage the description; urgent goes to escalation; otherwise advice from the
 * verified patient's own care plan (the zone that matches the disposition), or generic guidance with safety-netting;
 * same-day and routine needs become a referral in the queue with its deadline.
 */
export class UnwellDialog extends ComponentDialog {
  private readonly guidance: Guidance;

  constructor(private readonly deps: DialogDeps) {
    super(UNWELL_DIALOG);
    this.guidance = readContentFile('guidance/unwell.yaml', guidanceSchema);
    const confirm = confirmPrompt(OFFER_PLAN);
    this.addDialog(new TextPrompt(PROBLEM)).addDialog(confirm);
    this.addDialog(
      new WaterfallDialog(`${UNWELL_DIALOG}.steps`, [
        (step) => this.askProblem(step),
        (step) => this.triage(step),
        (step) => this.verifyIfWanted(step),
        (step) => this.advise(step),
      ]),
    );
    this.initialDialogId = `${UNWELL_DIALOG}.steps`;
  }

  private async askProblem(step: WaterfallStepContext) {
    const { problem } = step.options as UnwellOptions;
    // "I feel unwell" says nothing about what is wrong: ask, rather than give generic advice to a guess.
    const specific =
      problem &&
      (bestMatch(problem, this.guidance.topics) || this.deps.understander.understand(problem).redFlags.length);
    if (specific) return step.next(problem);
    return step.prompt(PROBLEM, { prompt: this.deps.prompts.render('askProblem') });
  }

  private async triage(step: WaterfallStepContext) {
    const problem = String(step.result ?? '').slice(0, 1000);
    const profile = await profileOf(step.context, this.deps);
    profile.problem = problem;
    const u =
      problem === step.context.activity.text
        ? understandingOf(step.context, this.deps)
        : this.deps.understander.understand(problem);
    valuesOf(step).disposition = u.disposition === 'none' ? 'routine' : u.disposition;
    for (const flag of u.redFlags) if (!profile.redFlags.includes(flag.id)) profile.redFlags.push(flag.id);

    if (valuesOf(step).disposition === 'urgent_2h' || valuesOf(step).disposition === 'emergency_999') {
      await step.context.sendActivity(this.deps.prompts.render('urgentGettingClinician'));
      return step.replaceDialog(ESCALATION_DIALOG, {
        target: 'duty_clinician',
        disposition: 'urgent_2h',
        reason: 'urgent community response needed',
      } satisfies EscalationOptions);
    }
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
    const disposition: string = valuesOf(step).disposition;
    const problem = profile.problem ?? '';
    const patient =
      profile.verified && profile.patientId ? await this.deps.directory.findById(profile.patientId) : null;
    const plan = patient ? bestMatch(problem, patient.carePlan.plans) : undefined;
    let stale = false;
    if (patient && plan) {
      stale = await this.sendPlanAdvice(step, patient, plan, disposition, profile.role === 'carer');
    } else {
      const topic = bestMatch(problem, this.guidance.topics) ?? this.guidance.general;
      await step.context.sendActivity(
        this.deps.prompts.render('genericAdvice', { advice: topic.advice, safetyNet: topic.safetyNet }),
      );
    }

    if (disposition === 'self_care' && !stale) {
      await step.context.sendActivity(this.deps.prompts.render('selfCareClose'));
      return step.endDialog();
    }
    // Same-day and routine needs, and any advice from a plan overdue for review, go to the team in the queue.
    const queued = disposition === 'self_care' ? 'routine' : disposition;
    const item = await this.deps.queue.create({
      kind: 'referral',
      disposition: queued,
      channel: step.context.activity.channelId,
      conversation: {
        channelId: step.context.activity.channelId,
        conversationId: step.context.activity.conversation.id,
        serviceUrl: step.context.activity.serviceUrl,
      },
      summary: summaryFrom(profile, stale ? 'care plan overdue for review' : 'feeling unwell', {
        answers: { ...profile.answers, carePlan: plan?.id ?? 'none', carePlanStale: String(stale) },
      }),
      idempotencyKey: `${step.context.activity.conversation.id}:${step.context.activity.id ?? 'turn'}:unwell`,
      createdBy: 'front-door-bot',
    });
    const within = describeWithin((item.deadline.getTime() - item.createdAt.getTime()) / 60000);
    await step.context.sendActivity(
      this.deps.prompts.render('referralCreated', {
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
        when: `within ${within}`,
        hubPhone: this.deps.services.hub.phone,
      }),
    );
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
      this.deps.prompts.render('planAdvice', {
        whose: asCarer ? `${patient.givenName}'s` : 'your',
        planTitle: plan.title,
        zoneLabel: zone.toUpperCase(),
        when: advice.when,
        do: advice.do,
        call: advice.call,
      }),
    );
    const today = zonedDate(this.deps.now(), this.deps.services.timezone);
    const stale = patient.carePlan.reviewDue < today;
    if (stale)
      await step.context.sendActivity(this.deps.prompts.render('planStale', { reviewDue: patient.carePlan.reviewDue }));
    return stale;
  }
}
