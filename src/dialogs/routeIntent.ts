import type { DialogContext } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { isHubOpen } from '../content/services';
import { APPOINTMENTS_DIALOG, type AppointmentsOptions } from './appointmentsDialog';
import { ASSESSMENT_DIALOG, assessmentStart, type AssessmentOptions } from './assessmentDialog';
import { DISCHARGE_DIALOG, isDischargeReferral } from './dischargeDialog';
import { profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { ENQUIRY_DIALOG } from './enquiryDialog';
import { ESCALATION_DIALOG, type EscalationOptions } from './escalationDialog';
import { FEEDBACK_DIALOG } from './feedbackDialog';
import { PROFESSIONAL_DIALOG } from './professionalDialog';
import { REFERRAL_DIALOG } from './referralDialog';
import { SAFEGUARDING_DIALOG } from './safeguardingDialog';
import { VisitReference } from './visitReference';

/** Tasks with nothing clinical in them: a visit to change, cancel or look up, a question about the service. */
const ADMIN_TASKS = new Set(['appointment.change', 'appointment.cancel', 'appointment.query', 'enquiry.service']);

/**
 * "A person, any time": a coordinator while the hub is open, otherwise the duty clinician route. `task` is what the
 * person asked for: a visit or a question about the service needs no clinician, so out of hours it waits for the
 * coordinators when the hub opens rather than taking the duty clinician's 2 hours (H264).
 */
export function personOptions(
  context: TurnContext,
  deps: DialogDeps,
  reason: string,
  task?: string,
): EscalationOptions {
  if (isHubOpen(servicesOf(context, deps), deps.now()) || (task && ADMIN_TASKS.has(task)))
    return { target: 'coordinator', disposition: 'routine', reason };
  return { target: 'duty_clinician', disposition: 'urgent_2h', reason };
}

/** Starts the conversation an intent asks for; false when the intent starts none (greeting, goodbye, none). */
export async function routeIntent(dc: DialogContext, deps: DialogDeps, intent: string, text: string): Promise<boolean> {
  const profile = await profileOf(dc.context, deps);
  profile.taskIntent = intent;
  switch (intent) {
    case 'appointment.change':
    case 'appointment.cancel':
    case 'appointment.query': {
      // "Is the nurse that saw mum on today?": a question for or about a member of staff, which a person answers; it
      // is not the patient's visits, and the description is never taken for a name in the identity check.
      if (VisitReference.load().namesStaff(text)) {
        await dc.beginDialog(
          ESCALATION_DIALOG,
          personOptions(dc.context, deps, 'asked for or about the member of staff who saw the patient'),
        );
        return true;
      }
      const action = intent.split('.')[1] as AppointmentsOptions['action'];
      await dc.beginDialog(APPOINTMENTS_DIALOG, {
        action,
        ...(action !== 'change' ? { asked: text.slice(0, 500) } : {}),
      } satisfies AppointmentsOptions);
      return true;
    }
    case 'unwell.guidance':
      // Danger signs before any advice (the assessment hands on to the unwell dialog when it is not urgent).
      await dc.beginDialog(ASSESSMENT_DIALOG, {
        problem: text,
        ...assessmentStart(understandingOf(dc.context, deps)),
      } satisfies AssessmentOptions);
      return true;
    case 'urgent.clinician':
      profile.problem ??= text;
      if (profile.role === 'professional') {
        await dc.beginDialog(ESCALATION_DIALOG, {
          target: 'duty_clinician',
          disposition: 'urgent_2h',
          reason: 'asked for the duty clinician',
        } satisfies EscalationOptions);
      } else {
        // The duty clinician, after the danger signs: an emergency must not wait for a call back.
        await dc.beginDialog(ASSESSMENT_DIALOG, {
          problem: text,
          disposition: 'urgent_2h',
        } satisfies AssessmentOptions);
      }
      return true;
    case 'human.request':
      await dc.beginDialog(ESCALATION_DIALOG, personOptions(dc.context, deps, 'asked to speak to a person'));
      return true;
    case 'referral.new':
      // A ward's referral has its own questions and the 48-hour target (content/referrals/discharge.yaml); a patient
      // or carer who mentions a discharge ("mum came home from the ward") is asked the usual referral questions.
      await dc.beginDialog(
        profile.role !== 'patient' && profile.role !== 'carer' && isDischargeReferral(text)
          ? DISCHARGE_DIALOG
          : REFERRAL_DIALOG,
      );
      return true;
    case 'professional.handover':
      await dc.beginDialog(PROFESSIONAL_DIALOG);
      return true;
    case 'safeguarding.concern':
      await dc.beginDialog(SAFEGUARDING_DIALOG, { disclosure: text });
      return true;
    case 'enquiry.service':
      await dc.beginDialog(ENQUIRY_DIALOG, { text });
      return true;
    case 'feedback.complaint':
      await dc.beginDialog(FEEDBACK_DIALOG, { text });
      return true;
    default:
      return false;
  }
}
