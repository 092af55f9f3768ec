import {
  ChoiceFactory,
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { choicePrompt } from './buttonPrompts';
import { news2 } from '../triage/news2';
import { moreUrgent, type Disposition } from '../triage/dispositions';
import {
  dutyClinicianNow,
  queueEscalation,
  sendNoDutyRoute,
  startHandoff,
  type EscalationOptions,
} from './escalationDialog';
import { callerNumber } from './conversationProfile';
import { valuesOf, profileOf, understandingOf, type DialogDeps } from './dialogDeps';

export const PROFESSIONAL_DIALOG = 'professional';
const TEXT = 'professional.text';
const NEED = 'professional.need';
const NEEDS = ['Advice', 'Rapid response', 'Admission avoidance'];

/**
 * 111, ambulance crews and GPs: who they are, the patient, the problem, observations (→ NEWS2) and what they need,
 * then straight to the duty clinician with a rapid-response referral already in the queue. Each question takes
 * several facts at once so the handover is done in at most six turns.
 */
export class ProfessionalDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(PROFESSIONAL_DIALOG);
    const need = choicePrompt(NEED, deps);
    this.addDialog(new TextPrompt(TEXT)).addDialog(need);
    this.addDialog(
      new WaterfallDialog(`${PROFESSIONAL_DIALOG}.steps`, [
        (step) => step.prompt(TEXT, { prompt: deps.prompts.render('proWho') }),
        (step) => this.ask(step, 'who', 'proPatient'),
        (step) => this.ask(step, 'patient', 'proProblem'),
        (step) => this.ask(step, 'problem', 'proObservations'),
        async (step) => {
          await this.record(step, 'observations');
          return step.prompt(NEED, {
            prompt: deps.prompts.render('proNeed', {}, []),
            choices: ChoiceFactory.toChoices(NEEDS),
          });
        },
        (step) => this.handOver(step),
      ]),
    );
    this.initialDialogId = `${PROFESSIONAL_DIALOG}.steps`;
  }

  private async record(step: WaterfallStepContext, field: string) {
    const profile = await profileOf(step.context, this.deps);
    profile.role = 'professional';
    const said = String(step.result ?? '').slice(0, 1000);
    profile.answers[field] = said;
    const u = understandingOf(step.context, this.deps);
    if (field === 'problem') profile.problem = said;
    if (field === 'observations') valuesOf(step).observations = u.entities.observations;
    if (field === 'patient') {
      valuesOf(step).patient = {
        nhsNumber: u.entities.nhsNumber,
        dateOfBirth: u.entities.dateOfBirth,
        postcode: u.entities.postcode,
      };
    }
    for (const flag of u.redFlags) {
      if (!profile.redFlags.includes(flag.id)) profile.redFlags.push(flag.id);
      valuesOf(step).disposition = moreUrgent(valuesOf(step).disposition ?? 'urgent_2h', flag.disposition);
    }
  }

  private async ask(step: WaterfallStepContext, field: string, next: string) {
    await this.record(step, field);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render(next) });
  }

  private async handOver(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    profile.answers.need = NEEDS[step.result.index];
    profile.callbackNumber ??= callerNumber(step.context);
    const score = valuesOf(step).observations ? news2(valuesOf(step).observations) : undefined;
    if (score) profile.answers.news2 = `${score.score} (${score.band})`;
    // A rapid-response referral is at least urgent; a 999 finding or a NEWS2 that calls for one puts it first.
    let disposition: Disposition = moreUrgent(valuesOf(step).disposition ?? 'urgent_2h', 'urgent_2h');
    if (score) disposition = moreUrgent(disposition, score.disposition);
    const options: EscalationOptions = {
      target: 'duty_clinician',
      kind: 'referral',
      disposition,
      reason: `professional handover: ${profile.answers.need}`,
    };
    const item = await queueEscalation(step.context, this.deps, profile, options);
    const clinician = await dutyClinicianNow(this.deps);
    if (!item || !clinician) {
      await sendNoDutyRoute(step.context, this.deps, item);
      return step.endDialog();
    }
    await step.context.sendActivity(
      this.deps.prompts.render(disposition === 'emergency_999' ? 'proHandoverEmergency' : 'proHandover', {
        reference: item.reference,
        news2: score ? `, NEWS2 ${score.score}` : '',
        next: this.deps.prompts.text('proHandoverNext', { clinician: clinician.name }),
      }),
    );
    await startHandoff(step.context, this.deps, item, profile, options);
    return step.endDialog();
  }
}
